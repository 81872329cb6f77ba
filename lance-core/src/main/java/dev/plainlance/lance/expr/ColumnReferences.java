package dev.plainlance.lance.expr;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The columns an expression reads. */
public final class ColumnReferences {
    private ColumnReferences() {}

    /** Top-level columns an expression reads, in order of first use. */
    public static Set<String> topLevel(Expression expression) {
        Set<String> out = new LinkedHashSet<>();
        for (List<String> path : paths(expression)) {
            out.add(path.get(0));
        }
        return out;
    }

    /** The column paths an expression reads (a struct field's path names the struct, then the field), in order. */
    public static Set<List<String>> paths(Expression expression) {
        Set<List<String>> out = new LinkedHashSet<>();
        collect(expression, out);
        return out;
    }

    private static void collect(Expression e, Set<List<String>> out) {
        if (e instanceof Expression.Column c) {
            out.add(c.path());
        } else if (e instanceof Expression.Not n) {
            collect(n.operand(), out);
        } else if (e instanceof Expression.Negate n) {
            collect(n.operand(), out);
        } else if (e instanceof Expression.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Expression.Is i) {
            collect(i.operand(), out);
        } else if (e instanceof Expression.InList i) {
            collect(i.operand(), out);
            i.list().forEach(x -> collect(x, out));
        } else if (e instanceof Expression.Between b) {
            collect(b.operand(), out);
            collect(b.low(), out);
            collect(b.high(), out);
        } else if (e instanceof Expression.Like l) {
            collect(l.operand(), out);
            collect(l.pattern(), out);
        } else if (e instanceof Expression.Cast c) {
            collect(c.operand(), out);
        }
    }
}
