package dev.plainlance.lance.io;

import java.io.IOException;

/** The object does not exist. */
public class ObjectNotFoundException extends IOException {
    public ObjectNotFoundException(String location) {
        super("not found: " + location);
    }
}
