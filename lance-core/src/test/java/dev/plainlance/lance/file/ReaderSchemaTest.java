package dev.plainlance.lance.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.pb.file.Field;
import dev.plainlance.lance.schema.LanceSchema;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Arrow schema a file reader reports: Lance types, with dictionaries as their value type. */
class ReaderSchemaTest {

    private static String arrow(String logicalType) {
        Field field = TestFiles.field(0, "f", logicalType);
        return LanceSchema.fromProto(List.of(field), java.util.Map.of())
                .toArrowValues()
                .getFields()
                .get(0)
                .toString();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "uint16 | f: Int(16, false)",
                "halffloat | f: FloatingPoint(HALF)",
                "date64:ms | f: Date(MILLISECOND)",
                "time32:s | f: Time(SECOND, 32)",
                "time64:ns | f: Time(NANOSECOND, 64)",
                "timestamp:ns:- | f: Timestamp(NANOSECOND, null)",
                "timestamp:ms:America/New_York | f: Timestamp(MILLISECOND, America/New_York)",
                "duration:us | f: Duration(MICROSECOND)",
                "decimal:128:38:-2 | f: Decimal(38, -2, 128)",
                "decimal:256:76:10 | f: Decimal(76, 10, 256)",
                "fixed_size_binary:16 | f: FixedSizeBinary(16)",
                "fixed_size_list:float:128 | f: FixedSizeList(128)<item: FloatingPoint(SINGLE)>",
                "fixed_size_list:fixed_size_list:int8:2:4 | f: FixedSizeList(4)<item: FixedSizeList(2)<item: Int(8, true)>>",
                "fixed_size_list:timestamp:us:UTC:3 | f: FixedSizeList(3)<item: Timestamp(MICROSECOND, UTC)>",
                "dict:string:int32:false | f: Utf8",
                "json | f: LargeBinary"
            })
    void mapsLogicalTypes(String logicalType, String expected) {
        assertEquals(expected, arrow(logicalType));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"int33", "timestamp:xs:-", "decimal:64:1:1", "fixed_size_list:float:x", "map", "dict:string"})
    void rejectsUnknownTypes(String logicalType) {
        assertThrows(LanceException.class, () -> arrow(logicalType));
    }
}
