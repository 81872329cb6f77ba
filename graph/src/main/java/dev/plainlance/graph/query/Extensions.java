package dev.plainlance.graph.query;

import java.util.List;
import java.util.Set;

/** Finds the {@link Extension}s a query uses. */
final class Extensions {
    private Extensions() {}

    static void collect(Ast.Query query, Set<Extension> out) {
        if (query.body() instanceof Ast.Read read) {
            clauses(read.match(), out);
            for (Ast.Projection p : read.projections()) {
                expr(p.expr(), out);
            }
            for (Ast.Ordering o : read.order()) {
                expr(o.expr(), out);
            }
        } else {
            List<Ast.Statement> statements = ((Ast.Mutation) query.body()).statements();
            boolean deletes = statements.stream().anyMatch(s -> s instanceof Ast.Delete);
            boolean writes = statements.stream().anyMatch(s -> !(s instanceof Ast.Delete));
            if (deletes && writes) {
                out.add(Extension.MIXED_MUTATION);
            }
            for (Ast.Statement s : statements) {
                if (s instanceof Ast.Insert insert) {
                    insert.assignments().forEach(a -> expr(a.value(), out));
                } else if (s instanceof Ast.Update update) {
                    update.assignments().forEach(a -> expr(a.value(), out));
                    expr(update.where().value(), out);
                } else {
                    expr(((Ast.Delete) s).where().value(), out);
                }
            }
        }
    }

    private static void clauses(List<Ast.Clause> clauses, Set<Extension> out) {
        for (Ast.Clause c : clauses) {
            if (c instanceof Ast.Binding b) {
                b.matches().forEach(m -> expr(m.value(), out));
            } else if (c instanceof Ast.Filter f) {
                expr(f.left(), out);
                expr(f.right(), out);
            } else if (c instanceof Ast.Not n) {
                clauses(n.clauses(), out);
            } else if (c instanceof Ast.OptionalMatch o) {
                out.add(Extension.OPTIONAL_MATCH);
                clauses(o.clauses(), out);
            } else if (c instanceof Ast.ShortestPath) {
                out.add(Extension.SHORTEST_PATH);
            }
        }
    }

    private static void expr(Ast.Expr e, Set<Extension> out) {
        if (e instanceof Ast.PathCall) {
            out.add(Extension.SHORTEST_PATH);
        } else if (e instanceof Ast.Aggregate a) {
            expr(a.argument(), out);
        } else if (e instanceof Ast.Nearest n) {
            expr(n.vector(), out);
            expr(n.query(), out);
        } else if (e instanceof Ast.IntLit i && i.value() < 0) {
            out.add(Extension.NEGATIVE_NUMBER);
        } else if (e instanceof Ast.FloatLit f && f.value().signum() < 0) {
            out.add(Extension.NEGATIVE_NUMBER);
        } else if (e instanceof Ast.ListLit l) {
            l.items().forEach(i -> expr(i, out));
        }
    }
}
