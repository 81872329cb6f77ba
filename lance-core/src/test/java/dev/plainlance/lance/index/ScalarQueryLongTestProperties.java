package dev.plainlance.lance.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.function.LongPredicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The primitive test of a query on integer keys answers exactly as {@link ScalarQuery#matches} does. */
class ScalarQueryLongTestProperties {
    @Property(tries = 300)
    void rangesAnswerAsMatches(
            @ForAll @LongRange(min = -20, max = 20) long lower,
            @ForAll boolean lowerInclusive,
            @ForAll @LongRange(min = -20, max = 20) long upper,
            @ForAll boolean upperInclusive,
            @ForAll boolean unboundedBelow,
            @ForAll boolean unboundedAbove) {
        ScalarQuery range = new ScalarQuery.Range(
                unboundedBelow ? null : (Object) lower,
                lowerInclusive,
                unboundedAbove ? null : (Object) upper,
                upperInclusive);
        assertSameAnswers(range, List.of(Long.MIN_VALUE, Long.MAX_VALUE, lower, upper));
    }

    @Property(tries = 200)
    void inListsAndEqualsAnswerAsMatches(@ForAll @Size(max = 12) List<@LongRange(min = -20, max = 20) Long> keys) {
        assertSameAnswers(new ScalarQuery.In(List.copyOf(keys)), keys);
        if (!keys.isEmpty()) {
            assertSameAnswers(new ScalarQuery.Equals(keys.get(0)), keys);
        }
    }

    @Test
    void keysThatAreNotLongsAreAskedThroughMatches() {
        assertNull(new ScalarQuery.Equals(2.5).longTest());
        assertNull(new ScalarQuery.In(List.of(1L, 2.5)).longTest());
        assertNull(new ScalarQuery.Range(1L, true, 2.5, false).longTest());
        assertNull(new ScalarQuery.IsNull().longTest());
    }

    private static void assertSameAnswers(ScalarQuery query, List<Long> extra) {
        LongPredicate test = query.longTest();
        for (long v = -25; v <= 25; v++) {
            assertEquals(query.matches(v), test.test(v), query + " at " + v);
        }
        for (long v : extra) {
            assertEquals(query.matches(v), test.test(v), query + " at " + v);
        }
    }
}
