package dev.plainlance.graph;

import dev.plainlance.lance.error.LanceException;
import dev.plainlance.lance.io.LocalStorage;
import dev.plainlance.recovery.OpenMode;
import dev.plainlance.recovery.RecoveryOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A writer process of {@link GraphKillTest}: {@code <root> <writer> <seed> <log> [branch]} (main by default). Forever (until killed) it opens
 * the graph read-write (recovering what dead writers left), and commits one transaction tagged {@code T}: it inserts
 * person {@code T} and an edge {@code T -WorksAt-> company}, often an edge {@code T -Knows-> P} to a person P of any
 * writer, and sometimes deletes a person D of any writer with all its edges. Before each commit it logs
 * {@code try T company P D} ({@code -} for none), after each acknowledged one {@code ack T commitId}, both forced to
 * disk, so the test knows every plan and every acknowledgement whenever it kills the process.
 */
public final class GraphWriterMain {
    static final List<String> COMPANIES = List.of("Acme", "Globex");

    private GraphWriterMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String writer = args[1];
        long seed = Long.parseLong(args[2]);
        Random random = new Random(seed);
        String branch = args.length > 4 ? args[4] : "main";
        RecoveryOptions options = RecoveryOptions.defaults().withLease(Duration.ofSeconds(2));
        try (FileChannel log = FileChannel.open(
                Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int n = 0; ; n++) {
                String tag = "w" + writer + "-" + seed + "-" + n;
                try (Graph graph = Graph.open(new LocalStorage(root), OpenMode.READ_WRITE, options, branch)) {
                    List<Entity> people = graph.snapshot().list("Person", null);
                    String company = COMPANIES.get(random.nextInt(COMPANIES.size()));
                    String knows = people.isEmpty() || random.nextInt(4) == 0
                            ? "-"
                            : people.get(random.nextInt(people.size())).id();
                    String delete = people.isEmpty() || random.nextInt(3) != 0
                            ? "-"
                            : people.get(random.nextInt(people.size())).id();
                    write(log, "try " + tag + " " + company + " " + knows + " " + delete);
                    try (GraphTransaction tx = graph.begin(tag).message("tag=" + tag)) {
                        Map<String, Object> person = new LinkedHashMap<>();
                        person.put("name", tag);
                        person.put("age", n);
                        tx.insert("Person", person);
                        tx.insertEdge("WorksAt", tag, company, Map.of());
                        if (!knows.equals("-")) {
                            tx.insertEdge("Knows", tag, knows, Map.of("since", "2024-01-01"));
                        }
                        if (!delete.equals("-")) {
                            tx.delete("Person", "name = " + GraphOp.literal(delete));
                        }
                        GraphCommit commit = tx.commit();
                        write(log, "ack " + tag + " " + commit.id());
                    }
                } catch (LanceException lost) {
                    // a conflict lost after replays, an endpoint another writer deleted, a table a dead writer
                    // still holds: nothing of it is visible; go on
                    write(log, "fail " + tag + " " + lost.getClass().getSimpleName());
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
