package dev.plainlance.interop.porting;

// BEGIN README
import dev.plainlance.lance.Dataset;
import dev.plainlance.lance.Fragment;
import dev.plainlance.lance.FragmentMetadata;
import dev.plainlance.lance.FragmentOperation;
import dev.plainlance.lance.WriteParams;
import dev.plainlance.lance.ipc.LanceScanner;
import dev.plainlance.lance.ipc.ScanOptions;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

class PlainlanceExample {
    /** Writes rows as fragments, commits them, deletes some, and returns the ids left in the first fragment. */
    static List<Long> run(BufferAllocator allocator, ArrowReader rows, String uri) throws Exception {
        Schema schema = rows.getVectorSchemaRoot().getSchema();
        List<FragmentMetadata> fragments = Fragment.create(
                uri, rows, new WriteParams.Builder().withMaxRowsPerFile(10).build());
        try (Dataset ds =
                Dataset.commit(allocator, uri, new FragmentOperation.Overwrite(fragments, schema), Optional.empty())) {
            ds.delete("id % 3 = 0");
            try (LanceScanner scan = ds.getFragment(0)
                    .newScan(new ScanOptions.Builder().columns(List.of("id")).build())) {
                return Ids.of(scan.scanBatches());
            }
        }
    }
}
// END README
