package dev.plainlance.lance.io.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plainlance.lance.io.ObjectAlreadyExistsException;
import dev.plainlance.lance.io.Storage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The test server must refuse a second {@code If-None-Match: *} PUT, also under concurrency: everything the
 * S3 tests prove about commits rests on it. A server that does not fails this test; it is never skipped.
 */
class S3ServerConditionalPutTest {
    private static final int RACERS = 16;
    private static final int ROUNDS = 5;

    @Test
    void theServerLetsExactlyOneOfSixteenConcurrentConditionalPutsWin() throws Exception {
        S3TestServer server = S3TestServer.get();
        S3Client client = server.client();
        String bucket = server.newBucket("raw-conditional-put");
        for (int round = 0; round < ROUNDS; round++) {
            String key = "race/" + round;
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                byte[] payload = ("writer-" + i).getBytes(StandardCharsets.UTF_8);
                tasks.add(() -> {
                    try {
                        client.putObject(
                                b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(payload));
                        return 200;
                    } catch (S3Exception e) {
                        return e.statusCode();
                    }
                });
            }
            List<Integer> statuses = run(tasks);
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "round " + round + ": " + statuses);
            assertEquals(
                    RACERS - 1, statuses.stream().filter(s -> s == 412).count(), "round " + round + ": " + statuses);
        }
    }

    @Test
    void exactlyOneOfSixteenConcurrentPutIfAbsentCallsWins() throws Exception {
        Storage storage = S3TestServer.get().newStorage("storage-conditional-put");
        for (int round = 0; round < ROUNDS; round++) {
            String key = "_versions/" + round + ".manifest";
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                byte[] payload = ("writer-" + i).getBytes(StandardCharsets.UTF_8);
                tasks.add(() -> {
                    try {
                        storage.putIfAbsent(key, payload);
                        return 1;
                    } catch (ObjectAlreadyExistsException lost) {
                        return 0;
                    }
                });
            }
            assertEquals(1, run(tasks).stream().mapToInt(Integer::intValue).sum(), "round " + round);
            assertTrue(new String(storage.read(key), StandardCharsets.UTF_8).startsWith("writer-"));
        }
    }

    private static List<Integer> run(List<Callable<Integer>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
