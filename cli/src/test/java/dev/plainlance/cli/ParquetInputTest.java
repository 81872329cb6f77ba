package dev.plainlance.cli;

import static dev.plainlance.cli.DatasetCommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.DatasetCommandsTest.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dataset write --input F.parquet} on files written by an independent Parquet writer (DuckDB, see
 * {@code src/test/resources/parquet/generate.mjs}): every codec, data pages v1 and v2, several row groups, and the
 * column types of {@code types.parquet}; bad files give one-line errors naming the file.
 */
class ParquetInputTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = ParquetInputTest.class.getResourceAsStream("/parquet/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    private List<String> writeAndCat(Path parquet) {
        String uri = dir.resolve("ds-" + parquet.getFileName()).toString();
        Result written = run("dataset", "write", uri, "--input", parquet.toString(), "--max-rows-per-file", "3000");
        assertEquals(0, written.code(), written.err());
        Result cat = run("dataset", "cat", uri);
        assertEquals(0, cat.code(), cat.err());
        return cat.out().lines().toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"codec-uncompressed", "codec-snappy", "codec-gzip", "codec-zstd", "codec-lz4_raw", "pages-v2"})
    void everyCodecAndPageVersionImportsEveryRow(String name) throws IOException {
        List<String> rows = writeAndCat(fixture(name + ".parquet"));
        assertEquals(5000, rows.size());
        for (int i : new int[] {0, 1, 2047, 2048, 4999}) {
            assertEquals(
                    "{\"id\":" + i + ",\"s\":\"s" + i + "\",\"d\":\"" + (i / 2) + "." + (i % 2 == 0 ? 0 : 5) + "\"}",
                    rows.get(i));
        }
    }

    @Test
    void everyColumnTypeOfTheFixtureImportsWithItsNulls() throws IOException {
        List<String> rows = writeAndCat(fixture("types.parquet"));
        assertEquals(
                List.of(
                        "{\"id\":1,\"small\":-3,\"i32\":70000,\"f\":1.5,\"d\":2.25,\"b\":true,\"s\":\"héllo ✓\","
                                + "\"bin\":\"AP8=\",\"day\":\"2024-01-31\",\"ts\":1706702400000001,\"tstz\":1706702400000000,"
                                + "\"dec\":\"12.34\",\"ints\":[1,2,null],\"tags\":[\"a\",\"\"],"
                                + "\"pt\":{\"x\":\"1.0\",\"y\":\"-1.0\"}}",
                        "{\"id\":2,\"small\":null,\"i32\":null,\"f\":null,\"d\":null,\"b\":null,\"s\":\"\",\"bin\":null,"
                                + "\"day\":null,\"ts\":null,\"tstz\":null,\"dec\":null,\"ints\":[],\"tags\":null,\"pt\":null}",
                        "{\"id\":3,\"small\":127,\"i32\":-2147483648,\"f\":0.0,\"d\":\"NaN\",\"b\":false,\"s\":null,"
                                + "\"bin\":\"\",\"day\":\"1970-01-01\",\"ts\":-1000000,\"tstz\":null,\"dec\":\"-0.01\","
                                + "\"ints\":null,\"tags\":[null],\"pt\":{\"x\":null,\"y\":\"2.5\"}}"),
                rows);
        Result info = run("dataset", "info", dir.resolve("ds-types.parquet").toString());
        assertTrue(info.out().contains("timestamp"), info.out());
    }

    @Test
    void unsignedIntegersTimesAndUuidsImport() throws IOException {
        assertEquals(
                List.of(
                        "{\"id\":1,\"u8\":255,\"u16\":65535,\"u32\":4294967295,\"u64\":18446744073709551615,"
                                + "\"t\":86399123456,\"uuid\":\"ABEiM0RVZneImaq7zN3u/w==\"}",
                        "{\"id\":2,\"u8\":null,\"u16\":null,\"u32\":null,\"u64\":null,\"t\":null,\"uuid\":null}"),
                writeAndCat(fixture("more-types.parquet")));
    }

    @Test
    void unsupportedAndBrokenFilesAreOneLineErrorsNamingTheFile() throws IOException {
        String uri = dir.resolve("ds").toString();
        Path map = fixture("map.parquet");
        Result mapped = run("dataset", "write", uri, "--input", map.toString());
        assertEquals(1, mapped.code());
        assertEquals(1, mapped.err().lines().count(), mapped.err());
        assertTrue(mapped.err().contains("map.parquet") && mapped.err().contains("column 'm'"), mapped.err());

        byte[] good = Files.readAllBytes(fixture("codec-zstd.parquet"));
        Path truncated = Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(good, good.length / 2));
        Result cut = run("dataset", "write", uri, "--input", truncated.toString());
        assertEquals(1, cut.code());
        assertTrue(cut.err().contains("truncated.parquet") && cut.err().contains("not a Parquet file"), cut.err());

        byte[] corrupt = good.clone();
        for (int i = 200; i < 400; i++) {
            corrupt[i] = (byte) 0x5A;
        }
        Path damaged = Files.write(dir.resolve("damaged.parquet"), corrupt);
        Result bad = run("dataset", "write", uri, "--input", damaged.toString());
        assertEquals(1, bad.code(), bad.out());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().contains("damaged.parquet"), bad.err());

        Path text = Files.writeString(dir.resolve("text.parquet"), "PAR1 but not really a parquet file");
        Result notParquet = run("dataset", "write", uri, "--input", text.toString());
        assertEquals(1, notParquet.code());
        assertTrue(notParquet.err().contains("text.parquet"), notParquet.err());
        assertTrue(!Files.exists(dir.resolve("ds/_versions")), "nothing committed");
    }
}
