package dev.plainlance.interop.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.cli.Main;
import dev.plainlance.lance.io.s3.S3TestServer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code plainlance} command on {@code s3://} URIs, as a user runs it: a separate JVM configured by the
 * standard AWS environment variables only, against the S3 test server. Includes a writer JVM halted mid-commit
 * ({@code --halt-at}) and recovered by the next one.
 */
class S3CliTest {
    /** {@code CatalogCommand.HALT_STATUS}: the exit status of a JVM stopped by {@code --halt-at}. */
    private static final int HALT_STATUS = 86;

    private final S3TestServer server = S3TestServer.get();

    @TempDir
    Path dir;

    /** Exit status, standard output, and standard error (logging of the libraries included). */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    private Result plainlance(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("AWS_ENDPOINT_URL", server.endpoint().toString());
        env.put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
        env.put("AWS_REGION", S3TestServer.REGION);
        env.put("AWS_ALLOW_HTTP", "true");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES));
        return new Result(process.exitValue(), out, Files.readString(err));
    }

    private Path ids(String name, long from, long to) throws IOException {
        Path file = dir.resolve(name);
        Schema schema = new Schema(List.of(Field.notNullable("id", new ArrowType.Int(64, true))));
        try (BufferAllocator allocator = new RootAllocator();
                VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            BigIntVector id = (BigIntVector) root.getVector(0);
            for (long i = from; i < to; i++) {
                id.setSafe((int) (i - from), i);
            }
            root.setRowCount((int) (to - from));
            writer.start();
            writer.writeBatch();
            writer.end();
        }
        return file;
    }

    @Test
    void datasetCommandsWorkOnS3Uris() throws Exception {
        String uri = server.newUri("cli-dataset", "tables/ids.lance");
        Result write = plainlance(
                "dataset", "write", uri, "--input", ids("ids.arrow", 0, 5).toString());
        assertEquals(0, write.code(), write.toString());
        Result info = plainlance("dataset", "info", uri, "--json");
        assertEquals(0, info.code(), info.toString());
        assertTrue(info.out().contains("\"rows\" : 5"), info.toString());
        Result cat = plainlance("dataset", "cat", uri, "--filter", "id >= 3");
        assertEquals(0, cat.code(), cat.toString());
        assertEquals(List.of("{\"id\":3}", "{\"id\":4}"), cat.out().lines().toList());
        Result missing = plainlance("dataset", "info", server.newUri("cli-empty", "nothing.lance"));
        assertEquals(1, missing.code(), missing.toString());
        assertTrue(missing.err().contains("s3://cli-empty-"), missing.toString());
    }

    @Test
    void aCatalogCommitHaltedOnS3IsRecoveredByTheNextCommand() throws Exception {
        String root = server.newUri("cli-catalog", "catalog");
        assertEquals(0, plainlance("catalog", "create", root).code());
        Result first = plainlance(
                "catalog",
                "commit",
                root,
                "--table",
                "a=" + ids("a0.arrow", 0, 3),
                "--table",
                "b=" + ids("b0.arrow", 100, 102));
        assertEquals(0, first.code(), first.toString());
        Result halted = plainlance(
                "catalog",
                "commit",
                root,
                "--table",
                "a=" + ids("a1.arrow", 3, 5),
                "--table",
                "b=" + ids("b1.arrow", 102, 103),
                "--halt-at",
                "multitable.commit.table_committed");
        assertEquals(HALT_STATUS, halted.code(), halted.toString());
        Result recovered = plainlance("catalog", "recover", root, "--lease-seconds", "0");
        assertEquals(0, recovered.code(), recovered.toString());
        Result a = plainlance("catalog", "cat", root, "a");
        assertEquals(
                List.of("{\"id\":0}", "{\"id\":1}", "{\"id\":2}"),
                a.out().lines().toList(),
                "rolled back");
        Result audit = plainlance("catalog", "audit", root);
        assertTrue(audit.out().contains("ROLLED_BACK"), audit.toString());
    }
}
