package dev.plainlance.interop.porting;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.ipc.ArrowReader;

/** The first column of every batch as longs. */
final class Ids {
    private Ids() {}

    static List<Long> of(ArrowReader batches) throws IOException {
        List<Long> ids = new ArrayList<>();
        try (batches) {
            while (batches.loadNextBatch()) {
                var vector = batches.getVectorSchemaRoot().getVector(0);
                for (int i = 0; i < vector.getValueCount(); i++) {
                    ids.add(((Number) vector.getObject(i)).longValue());
                }
            }
        }
        return ids;
    }
}
