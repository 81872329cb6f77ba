package dev.plainlance.lance.io;

import java.io.IOException;

/** A {@link Storage#putIfAbsent} lost: the object exists already. */
public class ObjectAlreadyExistsException extends IOException {
    public ObjectAlreadyExistsException(String location) {
        super("already exists: " + location);
    }
}
