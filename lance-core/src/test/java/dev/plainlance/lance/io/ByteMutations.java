package dev.plainlance.lance.io;

import java.util.Arrays;
import java.util.Random;

/**
 * Seeded damage to a file's bytes for fuzz properties: mutation {@code i} of a given seed is always the same, so a
 * failure names the seed and index that reproduce it. Kinds cycle: one to four flipped bytes, a truncation, an
 * inserted run of bytes.
 */
public final class ByteMutations {
    /** Mutations per kind in the default build; {@code -Dplainlance.fuzz.mutations=N} runs more. */
    public static final int COUNT = Integer.getInteger("plainlance.fuzz.mutations", 1_000);

    private ByteMutations() {}

    /** One damaged copy of {@code original} and what was done to it. */
    public record Mutation(byte[] bytes, String description) {}

    /** Mutation {@code index} of {@code original} under {@code seed}. */
    public static Mutation mutate(byte[] original, long seed, int index) {
        Random random = new Random(seed * 1_000_003L + index);
        String id = "seed " + seed + ", mutation " + index + ": ";
        if (original.length == 0) {
            return new Mutation(new byte[] {(byte) random.nextInt()}, id + "one byte into an empty file");
        }
        switch (index % 3) {
            case 0: {
                byte[] bytes = original.clone();
                int flips = 1 + random.nextInt(4);
                StringBuilder where = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(bytes.length);
                    bytes[at] ^= (byte) (1 + random.nextInt(255));
                    where.append(i == 0 ? "" : ",").append(at);
                }
                return new Mutation(bytes, id + "flipped bytes at " + where);
            }
            case 1: {
                int length = random.nextInt(original.length);
                return new Mutation(Arrays.copyOf(original, length), id + "truncated to " + length + " bytes");
            }
            default: {
                int at = random.nextInt(original.length + 1);
                byte[] inserted = new byte[1 + random.nextInt(8)];
                random.nextBytes(inserted);
                byte[] bytes = new byte[original.length + inserted.length];
                System.arraycopy(original, 0, bytes, 0, at);
                System.arraycopy(inserted, 0, bytes, at, inserted.length);
                System.arraycopy(original, at, bytes, at + inserted.length, original.length - at);
                return new Mutation(bytes, id + inserted.length + " bytes inserted at " + at);
            }
        }
    }
}
