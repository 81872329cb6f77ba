package dev.plainlance.lance.expr;

import dev.plainlance.lance.error.UnsupportedFeatureException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Turns a Substrait filter (the bytes of an {@code ExtendedExpression} message, as {@code ScanOptions.substraitFilter}
 * and {@code MergeInsertParams.withNotMatchedBySourceDeleteSubstraitIf} take them) into the SQL predicate it means,
 * naming columns as the message's base schema does. lance-core reads no Substrait itself: a module on the class path
 * provides the translation through {@link ServiceLoader} (plainlance's {@code substrait} module), so that lance-core
 * does not carry Substrait's classes.
 */
public interface SubstraitTranslator {
    /**
     * The SQL of the message's one expression.
     *
     * @param what names the message in errors (for example {@code "the scan's Substrait filter"})
     * @throws IllegalArgumentException naming {@code what} when the bytes are not such a message, or it uses what
     *     plainlance's SQL predicates cannot say (an unknown function, a field outside the base schema)
     */
    String toSql(ByteBuffer extendedExpression, String what);

    /**
     * {@link #toSql} of the translator on the class path.
     *
     * @throws UnsupportedFeatureException if there is none
     */
    static String translate(ByteBuffer extendedExpression, String what) {
        Iterator<SubstraitTranslator> translators =
                ServiceLoader.load(SubstraitTranslator.class).iterator();
        if (!translators.hasNext()) {
            throw new UnsupportedFeatureException(what + " needs a Substrait translator on the class path: add"
                    + " plainlance's substrait module (dev.plainlance:substrait)");
        }
        return translators.next().toSql(extendedExpression.duplicate(), what);
    }
}
