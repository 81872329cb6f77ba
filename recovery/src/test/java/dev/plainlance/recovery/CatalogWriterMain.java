package dev.plainlance.recovery;

import dev.plainlance.catalog.CatalogOptions;
import dev.plainlance.catalog.Ulid;
import dev.plainlance.lance.env.Retry;
import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.LocalStorage;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A writer process of {@link MultiProcessCatalogTest}: {@code <root> <writer> <seed> <log>}. Forever (until
 * killed) it adds one new id to two of the tables a, b, c in one multi-table commit. Before each commit it logs
 * {@code try <id> <tables> <operation>}, after each acknowledged one {@code ack <id> <tables> <operation>}, both forced to
 * disk, so the test knows what was attempted and what was acknowledged whenever it kills the process.
 */
public final class CatalogWriterMain {
    static final List<String> TABLES = List.of("a", "b", "c");

    private CatalogWriterMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int writer = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        RecoveryOptions options = new RecoveryOptions(
                new CatalogOptions(Clock.systemUTC(), Ulid.system(), UUID::randomUUID, Retry.commitDefaults()),
                Duration.ofSeconds(2),
                "test-writer-" + writer);
        long id = writer * 1_000_000L + random.nextInt(1000) * 1000L;
        try (FileChannel log = FileChannel.open(
                        Path.of(args[3]),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
                BufferAllocator allocator = new RootAllocator()) {
            while (true) {
                List<String> tables = new ArrayList<>(TABLES);
                tables.remove(random.nextInt(tables.size()));
                String names = String.join(",", tables);
                id++;
                try (CatalogSession session =
                        CatalogSession.open(new LocalStorage(root), OpenMode.READ_WRITE, options)) {
                    long attempted = id;
                    MultiTableCommit commit = session.newCommit()
                            .actor("writer-" + writer)
                            .message("id=" + id + " tables=" + names)
                            .onAttempt(operation -> write(log, "try " + attempted + " " + names + " " + operation));
                    for (String table : tables) {
                        commit.append(table, Tables.rows(allocator, id, 1));
                    }
                    MultiTableCommit.Result result = commit.commit();
                    write(log, "ack " + id + " " + names + " " + result.operationId());
                } catch (LanceException lost) {
                    // a conflict or a pending operation of another writer: nothing of ours is visible; go on
                }
            }
        }
    }

    private static void write(FileChannel log, String line) {
        try {
            log.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            log.force(false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
