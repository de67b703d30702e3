package org.coopt.workbench.run;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * One root seed per run, split into named child seeds (one per stage) that are recorded.
 *
 * <p>{@code child(name) = mix64(root ⊕ fnv1a64(name))}, with SplitMix64's finaliser as {@code mix64}:
 * deterministic, independent of the order in which stages ask, and different for different names.
 * Children can be split again ({@code seeds.split("participant-3").child("projection")}); the full
 * dotted name is what {@link #recorded()} reports.
 */
public final class Seeds {
    private final long root;
    private final String prefix;
    private final Map<String, Long> recorded;

    public Seeds(long root) {
        this(root, "", new LinkedHashMap<>());
    }

    private Seeds(long root, String prefix, Map<String, Long> recorded) {
        this.root = root;
        this.prefix = prefix;
        this.recorded = recorded;
    }

    public long root() {
        return root;
    }

    /** The child seed for a named stage; the same name always gives the same seed. */
    public synchronized long child(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a seed name must not be blank");
        }
        long seed = mix64(root ^ fnv1a64(name));
        recorded.put(prefix + name, seed);
        return seed;
    }

    /** A {@link Random} seeded with {@link #child(String)}. */
    public Random random(String name) {
        return new Random(child(name));
    }

    /** A sub-splitter whose root is {@code child(name)}; its children are recorded here as name.child. */
    public Seeds split(String name) {
        return new Seeds(child(name), prefix + name + ".", recorded);
    }

    /** Every seed handed out so far, by full name, in order of first use. */
    public synchronized Map<String, Long> recorded() {
        Map<String, Long> copy = new LinkedHashMap<>();
        copy.put(prefix.isEmpty() ? "root" : prefix + "root", root);
        copy.putAll(recorded);
        return Collections.unmodifiableMap(copy);
    }

    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    static long mix64(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
