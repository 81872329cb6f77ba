package dev.plainlance.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Which of Calcite's scan filters become a plainlance scan filter, and how they read. */
class PushedFiltersTest {
    private final RelDataTypeFactory types = new JavaTypeFactoryImpl();
    private final RexBuilder rex = new RexBuilder(types);
    private final List<String> columns = List.of("id", "name", "score", "tags");
    private final List<SqlTypeName> pushable =
            Arrays.asList(SqlTypeName.BIGINT, SqlTypeName.VARCHAR, SqlTypeName.DOUBLE, null);

    private RexNode column(int index, SqlTypeName type) {
        return rex.makeInputRef(types.createTypeWithNullability(types.createSqlType(type), true), index);
    }

    @Test
    void comparisonsNullChecksAndTheirCombinationsArePushedTheRestStays() {
        RexNode idBelow = rex.makeCall(
                SqlStdOperatorTable.GREATER_THAN,
                rex.makeExactLiteral(BigDecimal.valueOf(10)),
                column(0, SqlTypeName.BIGINT));
        RexNode nameOrScore = rex.makeCall(
                SqlStdOperatorTable.OR,
                rex.makeCall(SqlStdOperatorTable.EQUALS, column(1, SqlTypeName.VARCHAR), rex.makeLiteral("it's")),
                rex.makeCall(SqlStdOperatorTable.IS_NULL, column(2, SqlTypeName.DOUBLE)));
        RexNode onText =
                rex.makeCall(SqlStdOperatorTable.EQUALS, column(3, SqlTypeName.VARCHAR), rex.makeLiteral("[1, 2]"));
        RexNode fractionOnInteger = rex.makeCall(
                SqlStdOperatorTable.LESS_THAN,
                column(0, SqlTypeName.BIGINT),
                rex.makeExactLiteral(new BigDecimal("2.5")));
        List<RexNode> filters = new ArrayList<>(List.of(idBelow, nameOrScore, onText, fractionOnInteger));
        Optional<String> pushed = PushedFilters.take(filters, columns, pushable);
        assertEquals(Optional.of("(`id` < 10) AND ((`name` = 'it''s') OR (`score` IS NULL))"), pushed);
        assertEquals(List.of(onText, fractionOnInteger), filters);
    }
}
