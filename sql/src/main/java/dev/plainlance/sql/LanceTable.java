package dev.plainlance.sql;

import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A dataset version as a Calcite table. Calcite hands each scan the columns it needs and its filters; the scan is a
 * plainlance {@code newScan} of those columns with the filters plainlance can apply ({@link PushedFilters}), read
 * batch by batch.
 */
final class LanceTable extends AbstractTable implements ProjectableFilterableTable {
    static final String ROW_ID = "_rowid";
    static final String ROW_ADDR = "_rowaddr";
    /** The type of {@code _rowid} and {@code _rowaddr}, as scans return them. */
    private static final FieldType ROW_NUMBER = FieldType.nullable(new ArrowType.Int(64, false));

    private static final Set<SqlTypeName> PUSHABLE = EnumSet.of(
            SqlTypeName.TINYINT,
            SqlTypeName.SMALLINT,
            SqlTypeName.INTEGER,
            SqlTypeName.BIGINT,
            SqlTypeName.DOUBLE,
            SqlTypeName.BOOLEAN,
            SqlTypeName.VARCHAR);

    private final Dataset dataset;
    private final List<Field> fields = new ArrayList<>();
    /** Each column's SQL type where predicates on it may be pushed down, else null. */
    private final List<SqlTypeName> pushable = new ArrayList<>();

    /** Columns of the dataset, before {@code _rowid} and {@code _rowaddr}. */
    private final int dataFields;

    LanceTable(Dataset dataset, boolean withRowId, boolean withRowAddr) {
        this.dataset = dataset;
        List<Field> scanned;
        try (LanceScanner scanner = dataset.newScan()) {
            scanned = scanner.schema().getFields();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the schema of the dataset", e);
        }
        this.dataFields = scanned.size();
        for (Field field : scanned) {
            fields.add(field);
            SqlTypeName type = ColumnTypes.sqlType(field);
            boolean text = field.getType() instanceof ArrowType.Utf8 || field.getType() instanceof ArrowType.LargeUtf8;
            pushable.add(PUSHABLE.contains(type) && (type != SqlTypeName.VARCHAR || text) ? type : null);
        }
        if (withRowId) {
            fields.add(new Field(ROW_ID, ROW_NUMBER, null));
            pushable.add(null);
        }
        if (withRowAddr) {
            fields.add(new Field(ROW_ADDR, ROW_NUMBER, null));
            pushable.add(null);
        }
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
        RelDataTypeFactory.Builder row = types.builder();
        for (Field field : fields) {
            row.add(field.getName(), ColumnTypes.relType(field, types));
        }
        return row.build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        List<String> names = fields.stream().map(Field::getName).toList();
        Optional<String> filter = PushedFilters.take(filters, names, pushable);
        int[] wanted = projects;
        if (wanted == null) {
            wanted = new int[fields.size()];
            for (int i = 0; i < wanted.length; i++) {
                wanted[i] = i;
            }
        }
        List<String> columns = new ArrayList<>();
        boolean rowId = false;
        boolean rowAddr = false;
        for (int index : wanted) {
            String name = names.get(index);
            if (index >= dataFields && name.equals(ROW_ID)) {
                rowId = true;
            } else if (index >= dataFields) {
                rowAddr = true;
            } else {
                columns.add(name);
            }
        }
        if (columns.isEmpty()) {
            // Row counts only: read the cheapest thing there is, the row ids.
            rowId = true;
        }
        ScanOptions.Builder options =
                new ScanOptions.Builder().columns(columns).withRowId(rowId).withRowAddress(rowAddr);
        filter.ifPresent(options::filter);
        List<String> output = new ArrayList<>();
        for (int index : wanted) {
            output.add(names.get(index));
        }
        ScanOptions built = options.build();
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                return new Rows(dataset.newScan(built), output);
            }
        };
    }

    /** The rows of a scan as Calcite's {@code Object[]} rows of the requested columns. */
    private static final class Rows implements Enumerator<Object[]> {
        private final LanceScanner scanner;
        private final ArrowReader reader;
        private final List<String> output;
        private FieldVector[] vectors;
        private int rows;
        private int row = -1;
        private Object[] current;

        Rows(LanceScanner scanner, List<String> output) {
            this.scanner = scanner;
            this.reader = scanner.scanBatches();
            this.output = output;
        }

        @Override
        public Object[] current() {
            return current;
        }

        @Override
        public boolean moveNext() {
            try {
                while (row + 1 >= rows) {
                    if (!reader.loadNextBatch()) {
                        return false;
                    }
                    VectorSchemaRoot batch = reader.getVectorSchemaRoot();
                    vectors = new FieldVector[output.size()];
                    for (int i = 0; i < vectors.length; i++) {
                        vectors[i] = batch.getVector(output.get(i));
                    }
                    rows = batch.getRowCount();
                    row = -1;
                }
                row++;
                current = new Object[vectors.length];
                for (int i = 0; i < vectors.length; i++) {
                    current[i] = ColumnTypes.value(vectors[i], row);
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("a scan is read once");
        }

        @Override
        public void close() {
            try {
                reader.close();
                scanner.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
