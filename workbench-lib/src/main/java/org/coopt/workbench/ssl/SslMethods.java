package org.coopt.workbench.ssl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Registry of the SSL baselines by name (Tab. 1): byol, dino, moco, simclr, simsiam, swav, dcl. */
public final class SslMethods {
    private static final Map<String, Function<SslSetup, SslMethod>> METHODS = new LinkedHashMap<>();

    static {
        register("byol", Byol::new);
        register("dino", Dino::new);
        register("moco", MoCo::new);
        register("simclr", SimClr::new);
        register("simsiam", SimSiam::new);
        register("swav", SwAV::new);
        register("dcl", Dcl::new);
    }

    private SslMethods() {}

    public static synchronized void register(String name, Function<SslSetup, SslMethod> factory) {
        METHODS.put(name.toLowerCase(Locale.ROOT), factory);
    }

    /** A new, uninitialised instance of the named method (case-insensitive; "mocov2" is accepted for moco). */
    public static synchronized SslMethod create(String name, SslSetup setup) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("mocov2", "moco");
        Function<SslSetup, SslMethod> f = METHODS.get(key);
        if (f == null) {
            throw new IllegalArgumentException("unknown SSL method '" + name + "'; known: " + METHODS.keySet());
        }
        return f.apply(setup);
    }

    public static synchronized Set<String> names() {
        return Collections.unmodifiableSet(new java.util.LinkedHashSet<>(METHODS.keySet()));
    }
}
