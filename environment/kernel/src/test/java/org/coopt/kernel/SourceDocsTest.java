package org.coopt.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Javadoc read from sources: signature parsing, overloads, nested classes and the plain-text form. */
class SourceDocsTest {
    @Test
    void recordHeadersThatJShell25PrintsAreDropped() {
        assertEquals("PlatformSettings PlatformSettings.defaults(int participants)", SourceDocs.withoutRecordHeaders(
                "PlatformSettings PlatformSettings(int participants, int dim, org.x.A.Choice alignment).defaults(int participants)"));
        assertEquals("org.x.Outer.R org.x.Outer.R.of(int x)", SourceDocs.withoutRecordHeaders("org.x.Outer.R org.x.Outer.R(int x).of(int x)"));
        assertEquals("int Math.max(int a, int b)", SourceDocs.withoutRecordHeaders("int Math.max(int a, int b)"));
        assertEquals("Returns the greater of two int values.",
                SourceDocs.plain(" Returns the greater of two {@code int} values."), "JShell 25's raw comment, rendered");
    }


    @Test
    void parameterTypesAreSimpleErasedNames() {
        assertEquals(List.of("double", "List", "int[]", "Map[]"),
                SourceDocs.paramTypes("double a, java.util.List<java.util.Map<String, Integer>> b, int... c, "
                        + "java.util.Map<K, V>[] d"));
        assertEquals(List.of(), SourceDocs.paramTypes(" "));
    }

    @Test
    void docCommentsBecomePlainText() {
        assertEquals("Uses {@code x} as max(a, b) of Foo.bar.\n\n  - one\n  - two",
                SourceDocs.plain("Uses {@literal {@code x}} as {@code max(a, b)} of {@link Foo#bar}.<p>\n<ul><li>one</li>"
                        + "<li>two</li></ul>").replace("\n\n\n", "\n\n"));
        assertEquals("A &lt; b.\n  k: the count\nreturns: k", SourceDocs.plain("A &amp;lt; b.\n@param k the count\n@return k"));
    }

    @Test
    void findsTheOverloadTheNestedClassAndTheField(@TempDir Path src) throws Exception {
        Path file = src.resolve("p/Outer.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                package p;
                /** The outer class. */
                public class Outer {
                    /** Count of things. */
                    public static final int COUNT = 3;
                    /** One int. */
                    public static int f(int a) { return a; }
                    /** A double and a list. */
                    public static int f(double a, java.util.List<String> b) { return 0; }
                    /** Made from nothing. */
                    public Outer() { }
                    /** The inner settings. */
                    public record Settings(int t) {
                        /** Doubled. */
                        public int twice() { return 2 * t; }
                    }
                }
                """);
        SourceDocs docs = new SourceDocs(List.of(src));
        assertEquals("The outer class.", docs.javadoc("p.Outer").orElseThrow());
        assertEquals("One int.", docs.javadoc("int p.Outer.f(int a)").orElseThrow());
        assertEquals("A double and a list.", docs.javadoc("int p.Outer.f(double a, java.util.List<String> b)").orElseThrow());
        assertEquals("Count of things.", docs.javadoc("p.Outer.COUNT:int").orElseThrow());
        assertEquals("Made from nothing.", docs.javadoc("p.Outer()").orElseThrow());
        assertEquals("The inner settings.", docs.javadoc("p.Outer.Settings").orElseThrow());
        assertEquals("Doubled.", docs.javadoc("int p.Outer.Settings.twice()").orElseThrow());
        assertEquals("One int.", docs.javadoc("int Outer.f(int a)", n -> n.equals("Outer") ? "p.Outer" : null)
                .orElseThrow(), "a simple class name is resolved");
        assertTrue(docs.javadoc("int p.Outer.g()").isEmpty());
        assertTrue(docs.javadoc("q.Missing").isEmpty());
    }
}
