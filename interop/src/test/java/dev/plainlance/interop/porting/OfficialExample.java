package dev.plainlance.interop.porting;

// BEGIN README
import java.util.List;
import java.util.Optional;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;
import org.lance.Dataset;
import org.lance.Fragment;
import org.lance.FragmentMetadata;
import org.lance.FragmentOperation;
import org.lance.WriteParams;
import org.lance.ipc.LanceScanner;
import org.lance.ipc.ScanOptions;

class OfficialExample {
    /** Writes rows as fragments, commits them, deletes some, and returns the ids left in the first fragment. */
    static List<Long> run(BufferAllocator allocator, ArrowReader rows, String uri) throws Exception {
        Schema schema = rows.getVectorSchemaRoot().getSchema();
        List<FragmentMetadata> fragments;
        try (ArrowArrayStream stream = ArrowArrayStream.allocateNew(allocator)) {
            Data.exportArrayStream(allocator, rows, stream);
            fragments = Fragment.create(
                    uri,
                    stream,
                    new WriteParams.Builder().withMaxRowsPerFile(10).build());
        }
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
