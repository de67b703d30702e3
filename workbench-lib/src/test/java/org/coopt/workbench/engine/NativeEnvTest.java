package org.coopt.workbench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code environment/native.env} is the one list of native settings: ./coopt and the kernel installer read the file,
 * pom.xml repeats it for the test JVMs. This JVM was started by surefire, so its environment is the pom's copy.
 */
public class NativeEnvTest {

    static Map<String, String> nativeEnv() throws Exception {
        Path file = Path.of(System.getProperty("coopt.repo", "..")).resolve("environment/native.env");
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                int eq = t.indexOf('=');
                env.put(t.substring(0, eq), t.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void thePomGivesTestJvmsTheSettingsOfNativeEnv() throws Exception {
        Map<String, String> env = nativeEnv();
        assertFalse(env.isEmpty());
        for (Map.Entry<String, String> e : env.entrySet()) {
            assertEquals(e.getValue(), System.getenv(e.getKey()), e.getKey() + " in pom.xml's surefire environment");
        }
    }

    @Test
    void engineChecksEveryMallocSettingOfNativeEnv() throws Exception {
        Map<String, String> env = nativeEnv();
        for (String key : Engines.MALLOC_SETTINGS) {
            assertEquals(true, env.containsKey(key), key + " is in native.env");
        }
        assertNull(Engines.untunedMalloc(env));
        Map<String, String> partial = new LinkedHashMap<>(env);
        partial.remove("MALLOC_MMAP_MAX_");
        assertEquals("MALLOC_MMAP_MAX_", Engines.untunedMalloc(partial));
        assertEquals(String.join(", ", Engines.MALLOC_SETTINGS), Engines.untunedMalloc(Map.of()));
        partial.put("MALLOC_MMAP_MAX_", "");
        assertEquals("MALLOC_MMAP_MAX_", Engines.untunedMalloc(partial), "empty counts as unset, as in ./coopt");
    }
}
