package dev.plainlance.lance.failpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.commit.DatasetFailpoints;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailpointsTest {
    private static final Failpoint TEST_POINT = Failpoint.define("test.failpoints.point", "a point for this test");

    @Test
    void handlerSeesHitsOnlyWhileInstalled() {
        List<Failpoint> seen = new ArrayList<>();
        Failpoints.hit(TEST_POINT);
        try (Failpoints.Scope scope = Failpoints.install(seen::add)) {
            Failpoints.hit(TEST_POINT);
        }
        Failpoints.hit(TEST_POINT);
        assertEquals(List.of(TEST_POINT), seen);
    }

    @Test
    void nestedScopesRestoreThePreviousHandler() {
        List<String> seen = new ArrayList<>();
        try (Failpoints.Scope outer = Failpoints.install(p -> seen.add("outer"))) {
            try (Failpoints.Scope inner = Failpoints.install(p -> seen.add("inner"))) {
                Failpoints.hit(TEST_POINT);
            }
            Failpoints.hit(TEST_POINT);
        }
        assertEquals(List.of("inner", "outer"), seen);
    }

    @Test
    void aThrowingHandlerStopsTheCaller() {
        try (Failpoints.Scope scope = Failpoints.install(p -> {
            throw new IllegalStateException("crash at " + p);
        })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Failpoints.hit(TEST_POINT));
            assertEquals("crash at test.failpoints.point", e.getMessage());
        }
    }

    @Test
    void namesAreUniqueAndWellFormed() {
        assertThrows(IllegalArgumentException.class, () -> Failpoint.define("test.failpoints.point", "again"));
        assertThrows(IllegalArgumentException.class, () -> Failpoint.define("NoDots", "bad"));
        assertThrows(IllegalArgumentException.class, () -> Failpoint.define("has space.x", "bad"));
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> Failpoint.named("test.failpoints.nope"));
        assertTrue(unknown.getMessage().contains("test.failpoints.point"), unknown.getMessage());
    }

    @Test
    void datasetFailpointsAreDeclaredAndFoundByName() {
        for (Failpoint point : DatasetFailpoints.ALL) {
            assertSame(point, Failpoint.named(point.name()));
            assertTrue(Failpoint.declared().contains(point));
        }
    }
}
