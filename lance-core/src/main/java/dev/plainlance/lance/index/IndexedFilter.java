package dev.plainlance.lance.index;

import dev.plainlance.lance.deletion.DeletionVector;
import dev.plainlance.lance.env.Env;
import dev.plainlance.lance.expr.Expression;
import dev.plainlance.lance.expr.Expressions;
import dev.plainlance.lance.fragment.DeletionFile;
import dev.plainlance.lance.pb.table.DataFragment;
import dev.plainlance.lance.pb.table.IndexMetadata;
import dev.plainlance.lance.schema.LanceField;
import dev.plainlance.lance.table.TableSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.roaringbitmap.RoaringBitmap;

/**
 * The part of a SQL filter BTREE, BITMAP and ZONEMAP indices answer (a ZONEMAP inexactly: the rows of its zones that may match). Conjuncts and disjunctions of {@code column = x},
 * {@code column IN (...)}, {@code <, <=, >, >=}, {@code BETWEEN} and {@code IS NULL} on indexed columns are looked
 * up in the index segments; the fragments the segments cover get the candidate rows, every other fragment is
 * scanned. Candidates are a superset of the matching rows (the filter is still evaluated on them) and exactly
 * the matches, deleted rows aside, when {@link Plan#exact()}.
 */
public final class IndexedFilter {
    /**
     * How a filtered read goes.
     *
     * @param selection per fragment in scan order the physical offsets to read: candidates for covered fragments
     *     (fragments without a candidate are left out), every row for the others; deleted rows still included
     * @param covered the existing fragments the indices answered
     * @param exact whether the candidates of covered fragments are exactly the rows matching the filter
     * @param indices the names of the indices used
     */
    public record Plan(Map<Long, RoaringBitmap> selection, RoaringBitmap covered, boolean exact, List<String> indices) {
        /** One line for {@code --explain}. */
        public String explain(int fragments) {
            return "index " + String.join(", ", indices) + ": " + covered.getCardinality() + " of " + fragments
                    + " fragments answered by the index, " + (fragments - covered.getCardinality())
                    + " scanned";
        }
    }

    /** Candidate rows per covered fragment. */
    private record Answer(Map<Long, RoaringBitmap> rows, RoaringBitmap covered, boolean exact, Set<String> names) {}

    private final TableSnapshot table;
    private final BufferAllocator allocator;
    private final dev.plainlance.lance.env.SessionCaches caches;
    private final dev.plainlance.lance.env.ReadMetrics metrics;
    private final IndexCatalog catalog;
    private final RoaringBitmap existing = new RoaringBitmap();

    private IndexedFilter(TableSnapshot table, Env env) {
        this.table = table;
        this.allocator = env.allocator();
        this.caches = env.caches();
        this.metrics = env.readMetrics();
        this.catalog = new IndexCatalog(table);
        table.fragments().forEach(f -> existing.add((int) f.getId()));
    }

    /** The plan for {@code filter}, empty when no index answers any part of it. */
    public static Optional<Plan> plan(TableSnapshot table, String filter, Env env) {
        if (table.indices().stream().noneMatch(ScalarIndexes::readable)) {
            return Optional.empty();
        }
        IndexedFilter planner = new IndexedFilter(table, env);
        try {
            return planner.answer(Expressions.parse(filter)).map(planner::plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The plan for {@code column IN (keys)} (keys as {@link IndexKeys#value} returns them), for key matching
     * (merge insert): empty when no index on the column answers it.
     */
    public static Optional<Plan> planIn(
            TableSnapshot table, String column, java.util.Collection<Object> keys, Env env) {
        if (keys.isEmpty()
                || keys.stream().anyMatch(k -> k == null || IndexKeys.isNaN(k))
                || table.indices().stream().noneMatch(ScalarIndexes::readable)) {
            return Optional.empty();
        }
        IndexedFilter planner = new IndexedFilter(table, env);
        try {
            return planner.lookup(column, List.copyOf(keys), ScalarQuery.In::new)
                    .map(planner::plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Live rows matching the filter in the covered fragments when the plan is exact: the candidates minus the
     * deleted rows, counted without reading data.
     */
    public static long liveCandidates(TableSnapshot table, Plan plan, BufferAllocator allocator) {
        long count = 0;
        for (DataFragment fragment : table.fragments()) {
            RoaringBitmap rows = plan.selection().get(fragment.getId());
            if (rows == null || !plan.covered().contains((int) fragment.getId())) {
                continue;
            }
            if (fragment.hasDeletionFile()) {
                DeletionVector deleted = DeletionVector.read(
                        table.bases(),
                        fragment.getId(),
                        fragment.getPhysicalRows(),
                        DeletionFile.fromProto(fragment.getDeletionFile()),
                        allocator);
                count += RoaringBitmap.andNotCardinality(rows, deleted.toBitmap());
            } else {
                count += rows.getLongCardinality();
            }
        }
        return count;
    }

    private Plan plan(Answer answer) {
        Map<Long, RoaringBitmap> selection = new LinkedHashMap<>();
        for (DataFragment fragment : table.fragments()) {
            long id = fragment.getId();
            if (answer.covered().contains((int) id)) {
                RoaringBitmap rows = answer.rows().get(id);
                if (rows != null && !rows.isEmpty()) {
                    selection.put(id, rows);
                }
            } else {
                selection.put(id, RoaringBitmap.bitmapOfRange(0, fragment.getPhysicalRows()));
            }
        }
        return new Plan(selection, answer.covered(), answer.exact(), List.copyOf(answer.names()));
    }

    private Optional<Answer> answer(Expression e) throws IOException {
        if (e instanceof Expression.Binary b && b.op() == Expression.BinaryOp.AND) {
            return conjunction(e);
        }
        if (e instanceof Expression.Binary b && b.op() == Expression.BinaryOp.OR) {
            Optional<Answer> left = answer(b.left());
            Optional<Answer> right = answer(b.right());
            if (left.isEmpty() || right.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(or(left.get(), right.get()));
        }
        return leaf(e);
    }

    /**
     * A conjunction: range comparisons of one column with literals are merged into one range first (so that
     * {@code x >= a AND x < b} reads the pages of {@code [a, b)}, not of two half-open ranges), then every
     * conjunct's answer is intersected; a conjunct no index answers makes the answer inexact.
     */
    private Optional<Answer> conjunction(Expression e) throws IOException {
        List<Expression> conjuncts = new ArrayList<>();
        flatten(e, conjuncts);
        Map<String, Object[]> ranges = new LinkedHashMap<>();
        List<Expression> others = new ArrayList<>();
        for (Expression c : conjuncts) {
            if (!(c instanceof Expression.Binary b) || !mergeRange(b, ranges)) {
                others.add(c);
            }
        }
        Optional<Answer> result = Optional.empty();
        boolean complete = true;
        for (Map.Entry<String, Object[]> range : ranges.entrySet()) {
            Object[] r = range.getValue();
            List<Object> bounds = new ArrayList<>();
            if (r[0] != null) {
                bounds.add(r[0]);
            }
            if (r[2] != null) {
                bounds.add(r[2]);
            }
            Optional<Answer> answer = lookup(
                    range.getKey(),
                    bounds,
                    keys -> new ScalarQuery.Range(
                            r[0] == null ? null : keys.get(0),
                            (Boolean) r[1],
                            r[2] == null ? null : keys.get(keys.size() - 1),
                            (Boolean) r[3]));
            complete &= answer.isPresent();
            result = combine(result, answer);
        }
        for (Expression other : others) {
            Optional<Answer> answer = answer(other);
            complete &= answer.isPresent();
            result = combine(result, answer);
        }
        boolean exact = complete;
        return result.map(a -> exact ? a : new Answer(a.rows(), a.covered(), false, a.names()));
    }

    private static Optional<Answer> combine(Optional<Answer> a, Optional<Answer> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        return Optional.of(and(a.get(), b.get()));
    }

    private static void flatten(Expression e, List<Expression> out) {
        if (e instanceof Expression.Binary b && b.op() == Expression.BinaryOp.AND) {
            flatten(b.left(), out);
            flatten(b.right(), out);
        } else {
            out.add(e);
        }
    }

    /**
     * Folds {@code column <|<=|>|>= literal} (either side) into {@code ranges} (column to {lower, lower inclusive,
     * upper, upper inclusive}); false when {@code b} is not such a comparison or its literal cannot be ordered
     * against the column's other bounds.
     */
    private static boolean mergeRange(Expression.Binary b, Map<String, Object[]> ranges) {
        Expression.BinaryOp op = b.op();
        if (!op.isComparison() || op == Expression.BinaryOp.EQ || op == Expression.BinaryOp.NE) {
            return false;
        }
        Expression.Column column;
        Optional<Object> literal;
        if (b.left() instanceof Expression.Column c && literal(b.right()).isPresent()) {
            column = c;
            literal = literal(b.right());
        } else if (b.right() instanceof Expression.Column c && literal(b.left()).isPresent()) {
            column = c;
            literal = literal(b.left());
            op = flip(op);
        } else {
            return false;
        }
        Object value = literal.get();
        if (!(value instanceof Number || value instanceof String) || IndexKeys.isNaN(value)) {
            return false;
        }
        boolean lower = op == Expression.BinaryOp.GT || op == Expression.BinaryOp.GE;
        boolean inclusive = op == Expression.BinaryOp.GE || op == Expression.BinaryOp.LE;
        Object[] existing = ranges.get(column.dotted());
        if (existing != null) {
            for (int i = 0; i <= 2; i += 2) {
                if (existing[i] != null
                        && existing[i].getClass() != value.getClass()
                        && !(existing[i] instanceof Number && value instanceof Number)) {
                    return false;
                }
            }
        }
        Object[] range = ranges.computeIfAbsent(column.dotted(), k -> new Object[] {null, true, null, true});
        int at = lower ? 0 : 2;
        Object current = range[at];
        if (current == null) {
            range[at] = value;
            range[at + 1] = inclusive;
        } else {
            int c = IndexKeys.compare(value, current);
            boolean tighter = lower ? c > 0 : c < 0;
            if (tighter || c == 0 && !inclusive) {
                range[at] = value;
                range[at + 1] = inclusive;
            }
        }
        return true;
    }

    private static Answer and(Answer a, Answer b) {
        RoaringBitmap covered = RoaringBitmap.or(a.covered(), b.covered());
        Map<Long, RoaringBitmap> rows = new HashMap<>();
        covered.forEach((int f) -> {
            long id = Integer.toUnsignedLong(f);
            boolean inA = a.covered().contains(f);
            boolean inB = b.covered().contains(f);
            RoaringBitmap ra = a.rows().getOrDefault(id, new RoaringBitmap());
            RoaringBitmap rb = b.rows().getOrDefault(id, new RoaringBitmap());
            rows.put(id, inA && inB ? RoaringBitmap.and(ra, rb) : inA ? ra : rb);
        });
        Set<String> names = new LinkedHashSet<>(a.names());
        names.addAll(b.names());
        return new Answer(rows, covered, a.exact() && b.exact() && a.covered().equals(b.covered()), names);
    }

    private static Answer or(Answer a, Answer b) {
        RoaringBitmap covered = RoaringBitmap.and(a.covered(), b.covered());
        Map<Long, RoaringBitmap> rows = new HashMap<>();
        covered.forEach((int f) -> {
            long id = Integer.toUnsignedLong(f);
            rows.put(
                    id,
                    RoaringBitmap.or(
                            a.rows().getOrDefault(id, new RoaringBitmap()),
                            b.rows().getOrDefault(id, new RoaringBitmap())));
        });
        Set<String> names = new LinkedHashSet<>(a.names());
        names.addAll(b.names());
        return new Answer(rows, covered, a.exact() && b.exact() && a.covered().equals(b.covered()), names);
    }

    /** A comparison of one column with literals, looked up in an index on the column. */
    private Optional<Answer> leaf(Expression e) throws IOException {
        Expression.Column column;
        List<Object> literals = new ArrayList<>();
        java.util.function.Function<List<Object>, ScalarQuery> query;
        if (e instanceof Expression.Binary b && b.op().isComparison() && b.op() != Expression.BinaryOp.NE) {
            Expression.BinaryOp op = b.op();
            Optional<Object> right = literal(b.right());
            Optional<Object> left = literal(b.left());
            if (b.left() instanceof Expression.Column c && right.isPresent()) {
                column = c;
                literals.add(right.get());
            } else if (b.right() instanceof Expression.Column c && left.isPresent()) {
                column = c;
                literals.add(left.get());
                op = flip(op);
            } else {
                return Optional.empty();
            }
            Expression.BinaryOp finalOp = op;
            query = keys -> switch (finalOp) {
                case EQ -> new ScalarQuery.Equals(keys.get(0));
                case LT -> new ScalarQuery.Range(null, false, keys.get(0), false);
                case LE -> new ScalarQuery.Range(null, false, keys.get(0), true);
                case GT -> new ScalarQuery.Range(keys.get(0), false, null, false);
                default -> new ScalarQuery.Range(keys.get(0), true, null, false);
            };
        } else if (e instanceof Expression.InList in && !in.negated() && in.operand() instanceof Expression.Column c) {
            column = c;
            for (Expression item : in.list()) {
                Optional<Object> value = literal(item);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                literals.add(value.get());
            }
            query = ScalarQuery.In::new;
        } else if (e instanceof Expression.Between between
                && !between.negated()
                && between.operand() instanceof Expression.Column c) {
            column = c;
            Optional<Object> low = literal(between.low());
            Optional<Object> high = literal(between.high());
            if (low.isEmpty() || high.isEmpty()) {
                return Optional.empty();
            }
            literals.add(low.get());
            literals.add(high.get());
            query = keys -> new ScalarQuery.Range(keys.get(0), true, keys.get(1), true);
        } else if (e instanceof Expression.Is is
                && is.kind() == Expression.IsKind.NULL
                && !is.negated()
                && is.operand() instanceof Expression.Column c) {
            column = c;
            query = keys -> new ScalarQuery.IsNull();
        } else {
            return Optional.empty();
        }
        return lookup(column.dotted(), literals, query);
    }

    private Optional<Answer> lookup(
            String column, List<Object> literals, java.util.function.Function<List<Object>, ScalarQuery> query)
            throws IOException {
        Map<String, List<IndexMetadata>> candidates = new LinkedHashMap<>();
        for (IndexMetadata index : table.indices()) {
            if (ScalarIndexes.readable(index)
                    && catalog.columnName(index.getFields(0))
                            .map(column::equals)
                            .orElse(false)) {
                candidates
                        .computeIfAbsent(index.getName(), n -> new ArrayList<>())
                        .add(index);
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, List<IndexMetadata>> chosen =
                candidates.entrySet().iterator().next();
        Optional<LanceField> field =
                table.schema().fieldById(chosen.getValue().get(0).getFields(0));
        if (field.isEmpty()) {
            return Optional.empty();
        }
        ArrowType type = field.get().toArrow().getType();
        if (!IndexKeys.supported(type)) {
            return Optional.empty();
        }
        List<Object> keys = new ArrayList<>();
        boolean exact =
                IndexKeys.exact(type) && IndexMetadatas.type(chosen.getValue().get(0)) != IndexType.ZONEMAP;
        for (Object literal : literals) {
            Optional<Object> key = IndexKeys.literal(literal, type);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            exact &= IndexKeys.sameFamily(literal, type);
            keys.add(key.get());
        }
        ScalarQuery q = query.apply(keys);
        Map<Long, RoaringBitmap> rows = new HashMap<>();
        RoaringBitmap covered = new RoaringBitmap();
        for (IndexMetadata segment : chosen.getValue()) {
            Optional<RoaringBitmap> fragments = IndexMetadatas.fragmentBitmap(segment);
            if (fragments.isEmpty()) {
                continue;
            }
            RoaringBitmap segmentFragments = RoaringBitmap.and(fragments.get(), existing);
            if (segmentFragments.isEmpty()) {
                continue;
            }
            covered.or(segmentFragments);
            RoaringBitmap full = new RoaringBitmap();
            metrics.indexConsulted();
            ScalarIndexReader reader = ScalarIndexes.open(table.bases(), segment, allocator, caches);
            RowIds ids = reader.search(q, full, allocator);
            RowIds addresses = ids;
            if (table.hasStableRowIds() && !reader.returnsRowAddresses()) {
                RowIds located = new RowIds();
                ids.forEach(id -> {
                    long address = table.rowIdLocator().address(id);
                    if (address >= 0) {
                        located.add(address);
                    }
                });
                addresses = located;
            }
            for (Map.Entry<Long, RoaringBitmap> group : addresses.groups().entrySet()) {
                long fragment = group.getKey();
                if (fragment <= Integer.MAX_VALUE && segmentFragments.contains((int) fragment)) {
                    rows.merge(fragment, group.getValue(), (a, b) -> RoaringBitmap.or(a, b));
                }
            }
            if (!table.hasStableRowIds()) {
                for (DataFragment f : table.fragments()) {
                    if (full.contains((int) f.getId()) && segmentFragments.contains((int) f.getId())) {
                        rows.computeIfAbsent(f.getId(), x -> new RoaringBitmap())
                                .add(0L, f.getPhysicalRows());
                    }
                }
            }
        }
        if (covered.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Answer(rows, covered, exact, Set.of(chosen.getKey())));
    }

    private static Optional<Object> literal(Expression e) {
        if (e instanceof Expression.Literal l && l.value() != null) {
            return Optional.of(l.value());
        }
        if (e instanceof Expression.Negate n && n.operand() instanceof Expression.Literal l) {
            if (l.value() instanceof Long v && v != Long.MIN_VALUE) {
                return Optional.of(-v);
            }
            if (l.value() instanceof Double v) {
                return Optional.of(-v);
            }
        }
        return Optional.empty();
    }

    private static Expression.BinaryOp flip(Expression.BinaryOp op) {
        return switch (op) {
            case LT -> Expression.BinaryOp.GT;
            case LE -> Expression.BinaryOp.GE;
            case GT -> Expression.BinaryOp.LT;
            case GE -> Expression.BinaryOp.LE;
            default -> op;
        };
    }
}
