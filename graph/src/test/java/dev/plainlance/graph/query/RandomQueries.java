package dev.plainlance.graph.query;

import dev.plainlance.graph.schema.PropertyType;
import dev.plainlance.graph.schema.ScalarKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Builds random syntactically valid {@link Ast.Query}s covering every clause, expression, literal and statement form
 * (not type-correct ones: names are random). Positions are all 1:1.
 */
final class RandomQueries {
    private static final SourcePos AT = new SourcePos(1, 1);
    private static final String[] WORDS = {"a", "name", "age", "x_1", "since", "_p", "weight", "tags", "score"};
    private static final String[] EDGES = {"knows", "worksAt", "contains", "starts_with", "_e", "rel2"};
    private static final String[] TYPES = {"Person", "Company", "T", "Node_2"};
    private static final String[] ALIASES = {"n", "total", "who", "friends", "a_1"};
    private static final String[] STRING_CHARS = {"a", "Z", " ", "\"", "\\", "\n", "\t", "\r", "é", "∑", "$", "{", "//"
    };

    private final Random random;

    RandomQueries(Random random) {
        this.random = random;
    }

    List<Ast.Query> queries() {
        List<Ast.Query> out = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            out.add(query("q" + i));
        }
        return out;
    }

    Ast.Query query(String name) {
        List<Ast.Param> params = new ArrayList<>();
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            params.add(new Ast.Param(var("p" + i), paramType(), random.nextBoolean(), AT));
        }
        Ast.Body body = random.nextInt(3) == 0 ? mutation() : read();
        return new Ast.Query(
                new Ast.Name(name, AT),
                params,
                random.nextInt(4) == 0 ? string() : null,
                random.nextInt(4) == 0 ? string() : null,
                body);
    }

    private PropertyType paramType() {
        ScalarKind kind = ScalarKind.values()[random.nextInt(ScalarKind.values().length)];
        return switch (random.nextInt(4)) {
            case 0 -> new PropertyType.ListOf(kind == ScalarKind.BLOB ? ScalarKind.I64 : kind);
            case 1 -> new PropertyType.Vector(1 + random.nextInt(8));
            default -> new PropertyType.Scalar(kind);
        };
    }

    private Ast.Read read() {
        List<Ast.Projection> projections = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            projections.add(new Ast.Projection(expr(true), random.nextBoolean() ? name(ALIASES) : null));
        }
        List<Ast.Ordering> order = new ArrayList<>();
        for (int i = 0, n = random.nextInt(3); i < n; i++) {
            order.add(new Ast.Ordering(expr(true), random.nextBoolean()));
        }
        OptionalLong limit = random.nextBoolean() ? OptionalLong.of(random.nextInt(100)) : OptionalLong.empty();
        return new Ast.Read(clauses(2), projections, order, limit);
    }

    private List<Ast.Clause> clauses(int depth) {
        List<Ast.Clause> out = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            out.add(clause(depth));
        }
        return out;
    }

    private Ast.Clause clause(int depth) {
        switch (random.nextInt(depth > 0 ? 6 : 4)) {
            case 0 -> {
                List<Ast.PropertyMatch> matches = new ArrayList<>();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    matches.add(new Ast.PropertyMatch(name(WORDS), value()));
                }
                return new Ast.Binding(var(), name(TYPES), matches);
            }
            case 1 -> {
                return new Ast.Traversal(
                        var(),
                        random.nextInt(3) == 0 ? var() : null,
                        name(EDGES),
                        random.nextBoolean(),
                        random.nextBoolean() ? bounds() : null,
                        random.nextInt(4) == 0 ? new Ast.Var("_", AT) : var());
            }
            case 2 -> {
                return filter();
            }
            case 3 -> {
                return new Ast.ShortestPath(
                        var(),
                        var(),
                        name(EDGES),
                        random.nextBoolean(),
                        random.nextBoolean() ? bounds() : null,
                        var(),
                        random.nextBoolean() ? name(WORDS) : null);
            }
            case 4 -> {
                return new Ast.Not(clauses(depth - 1), AT);
            }
            default -> {
                return new Ast.OptionalMatch(clauses(depth - 1), AT);
            }
        }
    }

    /** A filter the parser reads back as one: {@code $v contains $w} would be a traversal over {@code contains}. */
    private Ast.Filter filter() {
        Ast.Op op = Ast.Op.values()[random.nextInt(Ast.Op.values().length)];
        Ast.Expr left = expr(false);
        Ast.Expr right = expr(false);
        if (!op.isComparison() && left instanceof Ast.VariableRef) {
            left = new Ast.PropertyAccess(var(), name(WORDS));
        }
        return new Ast.Filter(left, op, right);
    }

    private Ast.Bounds bounds() {
        return new Ast.Bounds(random.nextInt(4), random.nextBoolean() ? random.nextInt(9) : null, AT);
    }

    private Ast.Expr expr(boolean aggregates) {
        switch (random.nextInt(aggregates ? 8 : 6)) {
            case 0, 1 -> {
                return new Ast.PropertyAccess(var(), name(WORDS));
            }
            case 2 -> {
                return new Ast.VariableRef(var());
            }
            case 3 -> {
                return new Ast.Now(AT);
            }
            case 4 -> {
                return literal(true);
            }
            case 5 -> {
                return new Ast.AliasRef(name(ALIASES));
            }
            case 6 -> {
                Ast.AggregateFunction f =
                        Ast.AggregateFunction.values()[random.nextInt(Ast.AggregateFunction.values().length)];
                return new Ast.Aggregate(f, expr(random.nextInt(4) == 0), AT);
            }
            default -> {
                Ast.PathFunction f = Ast.PathFunction.values()[random.nextInt(Ast.PathFunction.values().length)];
                return new Ast.PathCall(f, var(), AT);
            }
        }
    }

    private Ast.Expr value() {
        return switch (random.nextInt(4)) {
            case 0 -> new Ast.VariableRef(var());
            case 1 -> new Ast.Now(AT);
            default -> literal(true);
        };
    }

    private Ast.Literal literal(boolean lists) {
        switch (random.nextInt(lists ? 7 : 6)) {
            case 0 -> {
                return new Ast.StringLit(string(), AT);
            }
            case 1 -> {
                long v = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1000) - 500;
                return new Ast.IntLit(v, AT);
            }
            case 2 -> {
                return new Ast.FloatLit(
                        BigDecimal.valueOf(random.nextInt(200_000) - 100_000, 1 + random.nextInt(4)), AT);
            }
            case 3 -> {
                return new Ast.BoolLit(random.nextBoolean(), AT);
            }
            case 4 -> {
                return new Ast.DateLit(
                        LocalDate.ofEpochDay(random.nextInt(40_000)).toString(), AT);
            }
            case 5 -> {
                return new Ast.DateTimeLit(
                        LocalDate.ofEpochDay(random.nextInt(40_000)) + "T12:34:56" + (random.nextBoolean() ? "Z" : ""),
                        AT);
            }
            default -> {
                List<Ast.Literal> items = new ArrayList<>();
                Ast.Literal first = literal(false);
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    items.add(sameKind(first));
                }
                return new Ast.ListLit(items, AT);
            }
        }
    }

    private Ast.Literal sameKind(Ast.Literal like) {
        while (true) {
            Ast.Literal l = literal(false);
            if (l.getClass() == like.getClass()) {
                return l;
            }
        }
    }

    private Ast.Mutation mutation() {
        List<Ast.Statement> statements = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            Ast.Name type = name(TYPES);
            switch (random.nextInt(3)) {
                case 0 -> statements.add(new Ast.Insert(type, assignments()));
                case 1 -> statements.add(new Ast.Update(type, assignments(), predicate()));
                default -> statements.add(new Ast.Delete(type, predicate()));
            }
        }
        return new Ast.Mutation(statements);
    }

    private List<Ast.Assignment> assignments() {
        List<Ast.Assignment> out = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            out.add(new Ast.Assignment(name(WORDS), value()));
        }
        return out;
    }

    private Ast.Predicate predicate() {
        Ast.Op op = Ast.Op.values()[random.nextInt(6)];
        return new Ast.Predicate(random.nextBoolean() ? new Ast.Name("from", AT) : name(WORDS), op, value());
    }

    private String string() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = random.nextInt(6); i < n; i++) {
            sb.append(STRING_CHARS[random.nextInt(STRING_CHARS.length)]);
        }
        return sb.toString();
    }

    private Ast.Var var() {
        return var(WORDS[random.nextInt(WORDS.length)]);
    }

    private static Ast.Var var(String name) {
        return new Ast.Var(name, AT);
    }

    private Ast.Name name(String[] from) {
        return new Ast.Name(from[random.nextInt(from.length)], AT);
    }
}
