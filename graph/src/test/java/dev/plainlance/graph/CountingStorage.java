package dev.plainlance.graph;

import dev.plainlance.lance.io.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/** A {@link Storage} that records every call (method name and key) before passing it on. */
final class CountingStorage {
    /** One call: the method, and its first argument when that is a key. */
    record Call(String method, String key) {}

    private final List<Call> calls = new ArrayList<>();
    final Storage storage;

    CountingStorage(Storage inner) {
        storage = (Storage) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Storage.class}, (proxy, method, args) -> {
                    String key = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                    synchronized (calls) {
                        calls.add(new Call(method.getName(), key));
                    }
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The calls since the last take (except {@code describe}, which names a key and does no I/O). */
    List<Call> take() {
        synchronized (calls) {
            List<Call> out = new ArrayList<>();
            for (Call call : calls) {
                if (!call.method().equals("describe")) {
                    out.add(call);
                }
            }
            calls.clear();
            return out;
        }
    }
}
