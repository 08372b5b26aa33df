package dev.voltstream.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a seed frame into a hostile one. Most mutations spare the request header (its API key and version) so the
 * frame reaches the request's parser and handler rather than dying at the header; some do not. The mutations: flip
 * bits, set bytes to boundary values, overwrite 16- or 32-bit fields with lying lengths and inflated counts (-1, 0,
 * 0x7fff, 0x7fffffff, a count just above what the frame holds), write a huge unsigned varint (compact arrays and
 * strings), truncate, duplicate a run of bytes (an array element repeated), splice in bytes from another seed, append
 * garbage. One mutation per frame, two to four for a quarter of them. Deterministic for a given random generator.
 */
public final class Mutator {
    private static final int[] INTERESTING_INT = {-1, 0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000,
            0x7fffffff, 0x80000000, 100_000, 10_001, 1 << 20};
    private static final short[] INTERESTING_SHORT = {-1, 0, 1, 0x7f, 0xff, 0x7fff, (short) 0x8000, 249, 250};

    private final List<SeedCorpus.Seed> seeds;

    public Mutator(List<SeedCorpus.Seed> seeds) {
        this.seeds = seeds;
    }

    /** A mutated copy of a random seed. */
    public byte[] next(SplittableRandom random) {
        SeedCorpus.Seed seed = seeds.get(random.nextInt(seeds.size()));
        byte[] frame = seed.frame().clone();
        int headerEnd = Math.min(frame.length, headerLength(frame));
        int from = random.nextInt(10) < 8 ? headerEnd : 0;
        int rounds = random.nextInt(4) == 0 ? 2 + random.nextInt(3) : 1; // mostly one: more frames reach a handler
        for (int i = 0; i < rounds; i++) {
            frame = mutate(frame, from, random);
        }
        return frame;
    }

    /** api key, version, correlation id, client id (int16 length + bytes); the tagged fields after it are spared too. */
    private static int headerLength(byte[] frame) {
        if (frame.length < 10) {
            return frame.length;
        }
        int clientIdLength = ((frame[8] & 0xff) << 8) | (frame[9] & 0xff);
        return 10 + Math.max(0, clientIdLength) + 1;
    }

    private byte[] mutate(byte[] frame, int from, SplittableRandom random) {
        if (frame.length <= from) {
            return append(frame, random);
        }
        int at = from + random.nextInt(frame.length - from);
        switch (random.nextInt(10)) {
            case 0 -> {
                for (int bits = 1 + random.nextInt(8); bits > 0; bits--) {
                    int p = from + random.nextInt(frame.length - from);
                    frame[p] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> frame[at] = (byte) INTERESTING_INT[random.nextInt(INTERESTING_INT.length)];
            case 2 -> putShort(frame, at, INTERESTING_SHORT[random.nextInt(INTERESTING_SHORT.length)]);
            case 3 -> putInt(frame, at, INTERESTING_INT[random.nextInt(INTERESTING_INT.length)]);
            case 4 -> putInt(frame, at, frame.length - at + 1 + random.nextInt(64)); // a length just past the end
            case 5 -> {
                return insert(frame, at, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
            }
            case 6 -> {
                return Arrays.copyOf(frame, at);
            }
            case 7 -> {
                int length = 1 + random.nextInt(Math.min(64, frame.length - at));
                byte[] run = Arrays.copyOfRange(frame, at, at + length);
                byte[] out = frame;
                for (int copies = 1 + random.nextInt(8); copies > 0; copies--) {
                    out = insert(out, at, run);
                }
                return out;
            }
            case 8 -> {
                byte[] other = seeds.get(random.nextInt(seeds.size())).frame();
                int start = random.nextInt(other.length);
                int length = 1 + random.nextInt(Math.min(128, other.length - start));
                byte[] chunk = Arrays.copyOfRange(other, start, start + length);
                if (random.nextBoolean()) {
                    return insert(frame, at, chunk);
                }
                System.arraycopy(chunk, 0, frame, at, Math.min(chunk.length, frame.length - at));
            }
            default -> {
                return append(frame, random);
            }
        }
        return frame;
    }

    private static byte[] append(byte[] frame, SplittableRandom random) {
        byte[] tail = new byte[1 + random.nextInt(32)];
        for (int i = 0; i < tail.length; i++) {
            tail[i] = (byte) random.nextInt(256);
        }
        return insert(frame, frame.length, tail);
    }

    private static byte[] insert(byte[] frame, int at, byte[] bytes) {
        byte[] out = new byte[frame.length + bytes.length];
        System.arraycopy(frame, 0, out, 0, at);
        System.arraycopy(bytes, 0, out, at, bytes.length);
        System.arraycopy(frame, at, out, at + bytes.length, frame.length - at);
        return out;
    }

    private static void putShort(byte[] frame, int at, short value) {
        for (int i = 0; i < 2 && at + i < frame.length; i++) {
            frame[at + i] = (byte) (value >>> (8 * (1 - i)));
        }
    }

    private static void putInt(byte[] frame, int at, int value) {
        for (int i = 0; i < 4 && at + i < frame.length; i++) {
            frame[at + i] = (byte) (value >>> (8 * (3 - i)));
        }
    }
}
