/**
 * SQL predicate / value-expression language of Lance ({@code delete}, {@code count_rows}, scan
 * {@code filter}, {@code update}), a subset of the DataFusion SQL dialect.
 *
 * <h2>Usage</h2>
 *
 * {@link dev.plainlance.lance.expr.Expressions#parse(String)} builds an immutable {@link
 * dev.plainlance.lance.expr.Expression} AST ({@code toSql()} prints it back canonically); {@link
 * dev.plainlance.lance.expr.Expressions#bind} resolves columns against an Arrow schema and
 * type-checks it into a {@link dev.plainlance.lance.expr.BoundExpression}, which evaluates over
 * {@link org.apache.arrow.vector.VectorSchemaRoot} batches — as a {@link
 * dev.plainlance.lance.expr.Predicate} (rows that are TRUE) or into a vector of a requested type.
 *
 * <h2>Grammar</h2>
 *
 * Keywords are case-insensitive. Lowest to highest precedence; binary operators are
 * left-associative:
 *
 * <pre>
 * expr      := expr OR expr                                             (5)
 *            | expr AND expr                                            (10)
 *            | NOT expr                                                 (15, prefix)
 *            | expr IS [NOT] (NULL | TRUE | FALSE | UNKNOWN)            (17, postfix)
 *            | expr (= | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) expr             (20)
 *            | expr [NOT] IN '(' expr (',' expr)* ')'                   (20)
 *            | expr [NOT] BETWEEN expr AND expr                         (20)
 *            | expr [NOT] (LIKE | ILIKE) expr [ESCAPE 'c']              (20)
 *            | expr (+ | -) expr                                        (30)
 *            | expr (* | / | %) expr                                    (40)
 *            | (- | +) expr                                             (50, prefix)
 *            | expr '::' type                                           (60, postfix cast)
 *            | primary
 * primary   := integer | decimal | string | TRUE | FALSE | NULL
 *            | DATE string | TIMESTAMP string
 *            | CAST '(' expr AS type ')'
 *            | column ('.' column)*                 (nested struct fields)
 *            | '(' expr ')'
 * column    := identifier | "double ""quoted""" | `back ``ticked```
 * integer   := digits                               (int64; a leading '-' is folded in)
 * decimal   := digits '.' digits? | '.' digits | with exponent e[+-]digits   (float64)
 * string    := 'text with '' escaped quotes'
 * type      := BOOLEAN | BOOL | TINYINT | SMALLINT | INT | INTEGER | BIGINT | INT2 | INT4 | INT8
 *              [UNSIGNED] | FLOAT | REAL | FLOAT4 | DOUBLE [PRECISION] | FLOAT8
 *            | VARCHAR | STRING | TEXT | CHAR | CHARACTER [VARYING] ['(' n ')']
 *            | BYTEA | BINARY | VARBINARY | BLOB | DATE
 *            | TIMESTAMP ['(' 0|3|6|9 ')'] [WITH | WITHOUT TIME ZONE]
 *            | DECIMAL | NUMERIC ['(' p [',' s] ')']
 * </pre>
 *
 * {@code DATE}, {@code TIMESTAMP} and {@code CAST} are keywords only where followed by a string
 * literal / '(' — otherwise they are column names. Timestamp text is {@code YYYY-MM-DD[( |T)
 * HH:MM[:SS[.f{1,9}]]][Z|+HH:MM]}; offsets are converted to UTC, naive values are taken as UTC.
 *
 * <h2>Semantics</h2>
 *
 * SQL three-valued logic: comparisons and arithmetic with a NULL operand are NULL; {@code NOT NULL}
 * is NULL; {@code FALSE AND NULL} is FALSE, {@code TRUE OR NULL} is TRUE; {@code x IN (.., NULL)}
 * without a match is NULL; a filter keeps only TRUE rows. Numeric promotion: integer op integer is
 * int64 (division truncates toward zero; overflow, {@code / 0} and {@code % 0} raise {@link
 * dev.plainlance.lance.expr.ExpressionEvaluationException}); any float64 operand makes the result
 * float64 (IEEE, so {@code 1.0 / 0} is Infinity); decimals stay decimal. Comparisons coerce
 * numerics to a common type, strings to date/timestamp when compared with one, dates to timestamps,
 * utf8 to binary; string-vs-number and boolean-vs-number comparisons are type errors. Floats
 * compare with IEEE total order as Arrow does (NaN is equal to itself and greater than everything;
 * -0.0 &lt; 0.0). Unquoted identifiers are matched exactly first, then case-insensitively if that
 * is unambiguous.
 */
package dev.plainlance.lance.expr;
