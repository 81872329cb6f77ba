package dev.plainlance.interop.porting;

import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.ipc.ArrowReader;

/** {@link Ids} for other test packages. */
public final class IdsAccess {
    private IdsAccess() {}

    public static List<Long> of(ArrowReader batches) throws IOException {
        return Ids.of(batches);
    }
}
