package dev.plainlance.lance.write;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * Data file names as current Lance writers make them: from a random UUID, the first 3 bytes as 24 binary digits
 * (most significant bit first) then the remaining 13 bytes as 26 lowercase hex digits, plus {@code .lance}.
 */
public final class DataFileNames {
    private final Supplier<UUID> ids;

    public DataFileNames(Supplier<UUID> ids) {
        this.ids = ids;
    }

    public static DataFileNames random() {
        return new DataFileNames(UUID::randomUUID);
    }

    /** A fresh file name, e.g. {@code 101000101100000110010000c98a5f45bb92918cab4217e73f.lance}. */
    public String next() {
        UUID id = ids.get();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (id.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (id.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        StringBuilder name = new StringBuilder(56);
        for (int i = 0; i < 3; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                name.append((bytes[i] >>> bit & 1) == 1 ? '1' : '0');
            }
        }
        for (int i = 3; i < 16; i++) {
            name.append(Character.forDigit(bytes[i] >>> 4 & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return name.append(".lance").toString();
    }
}
