package dev.voltstream.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Properties;

/**
 * The secure demo's passwords ({@code passwords.properties}, mode 600): one per SCRAM user and one for the key and
 * trust stores. Made up once (20 random letters and digits: nothing to escape in a JAAS line or in
 * {@code voltstream.scram.bootstrap}), read back on later runs, so the stored credentials keep matching.
 */
final class DemoPasswords {
    /** The entry of the key and trust stores' password. */
    static final String STORES = "stores";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Properties passwords;

    private DemoPasswords(Properties passwords) {
        this.passwords = passwords;
    }

    /** Reads {@code file}, adding (and writing back) a password for each name it lacks. */
    static DemoPasswords loadOrCreate(Path file, Collection<String> names) throws IOException {
        Properties props = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            }
        }
        boolean added = false;
        for (String name : names) {
            if (props.getProperty(name, "").isEmpty()) {
                props.setProperty(name, random(20));
                added = true;
            }
        }
        if (added) {
            try (Writer out = PrivateFile.open(file)) {
                props.store(out, "voltstream demo --secure: SCRAM users' and key stores' passwords");
            }
        }
        return new DemoPasswords(props);
    }

    String of(String name) {
        String password = passwords.getProperty(name);
        if (password == null) {
            throw new IllegalArgumentException("no password for " + name);
        }
        return password;
    }

    static String random(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
