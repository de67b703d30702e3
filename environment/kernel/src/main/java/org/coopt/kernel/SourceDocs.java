package org.coopt.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Javadoc for Shift-Tab, read from source files: the workbench's own sources (its formulas and <b>(decision)</b>
 * notes) and the JDK's {@code src.zip}. JShell's own documentation finds only a {@code src.zip} inside
 * {@code java.home}, which Debian ships in a separate package, and never the classpath's sources, so inspection
 * returned bare signatures. Given the signature JShell prints for an element
 * ({@code double org.coopt.workbench.coopt.Uniformity.value(NDArray x, double t)}, a class name, or
 * {@code Class.FIELD:type}), this finds the top-level class's source file under one of the roots, parses it
 * (syntax only, cached per file) and returns the element's doc comment as plain text.
 */
final class SourceDocs {
    private final List<Path> roots;
    private final Map<Path, Optional<Parsed>> parsed = new HashMap<>();

    private record Parsed(CompilationUnitTree unit, DocTrees trees) {}

    SourceDocs(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /**
     * The roots the kernel uses: the workbench's source folders under {@code home} (the repository) and the JDK's
     * modules in {@code src.zip} (from {@code java.home}, else {@code $COOPT_CACHE/jdk-src/src.zip}, which the
     * set-up extracts from Debian's {@code openjdk-N-source} package).
     */
    static SourceDocs forWorkbench(Path home, Path cache) {
        List<Path> roots = new ArrayList<>();
        for (String s : List.of("workbench-lib/src/main/java", "experiments/src/main/java",
                "environment/kernel/src/main/java")) {
            if (home != null && Files.isDirectory(home.resolve(s))) {
                roots.add(home.resolve(s));
            }
        }
        List<Path> zips = new ArrayList<>();
        zips.add(Path.of(System.getProperty("java.home"), "lib", "src.zip"));
        if (cache != null) {
            zips.add(cache.resolve("jdk-src").resolve("src.zip"));
        }
        for (Path zip : zips) {
            if (Files.isReadable(zip)) {
                try {
                    FileSystem fs = FileSystems.newFileSystem(zip); // not the URI form: a second kernel in a JVM gets its own
                    try (var modules = Files.list(fs.getRootDirectories().iterator().next())) {
                        modules.filter(Files::isDirectory).forEach(roots::add);
                    }
                    break;
                } catch (IOException | RuntimeException e) {
                    // an unreadable src.zip only means no JDK docs
                }
            }
        }
        return new SourceDocs(roots);
    }

    /** The doc comment (plain text) of the element with this JShell signature, if its source is found. */
    Optional<String> javadoc(String signature) {
        return javadoc(signature, name -> null);
    }

    /**
     * As {@link #javadoc(String)}; JShell prints some classes by their simple name ({@code double Math.max(double a,
     * double b)}), which {@code resolve} turns into a qualified one ({@code java.lang.Math}).
     */
    synchronized Optional<String> javadoc(String signature, java.util.function.UnaryOperator<String> resolve) {
        String s = signature.strip();
        int paren = s.indexOf('(');
        int colon = s.indexOf(':');
        List<String> paramTypes = List.of();
        String qualified;
        if (paren >= 0) {
            String head = s.substring(0, paren);
            qualified = head.substring(head.lastIndexOf(' ') + 1);
            paramTypes = paramTypes(s.substring(paren + 1, matching(s, paren)));
        } else if (colon >= 0) {
            qualified = s.substring(0, colon);
        } else {
            qualified = s.contains(" ") ? s.substring(s.lastIndexOf(' ') + 1) : s;
        }
        qualified = qualified.replaceAll("<[^<>]*>", "");
        String[] parts = qualified.split("\\.");
        if (parts.length > 0 && !parts[0].isEmpty() && Character.isUpperCase(parts[0].charAt(0))) {
            String q = resolve.apply(parts[0]);
            if (q != null) {
                parts = (q + qualified.substring(parts[0].length())).split("\\.");
            }
        }
        for (int top = parts.length; top >= 1; top--) {
            String file = String.join("/", Arrays.copyOf(parts, top)) + ".java";
            for (Path root : roots) {
                Path p = root.resolve(file.replace("/", root.getFileSystem().getSeparator()));
                if (Files.isRegularFile(p)) {
                    List<String> rest = Arrays.asList(parts).subList(top, parts.length);
                    return find(p, parts[top - 1], rest, paren >= 0, paramTypes).map(SourceDocs::plain);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Walks from the top-level class {@code topName} through nested classes in {@code rest}; the last name is a
     * nested class, or (for a method/constructor/field signature) the member; overloads are told apart by their
     * parameter types (simple names, generics erased).
     */
    private Optional<String> find(Path file, String topName, List<String> rest, boolean callable,
                                  List<String> paramTypes) {
        Optional<Parsed> p = parsed.computeIfAbsent(file, SourceDocs::parse);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        CompilationUnitTree unit = p.get().unit();
        TreePath at = null;
        for (Tree t : unit.getTypeDecls()) {
            if (t instanceof ClassTree c && c.getSimpleName().contentEquals(topName)) {
                at = new TreePath(new TreePath(unit), c);
            }
        }
        if (at == null) {
            return Optional.empty();
        }
        if (rest.isEmpty() && callable) {
            // a constructor of the top-level class: "p.Outer(int a)"
            rest = List.of(topName);
        }
        for (int i = 0; i < rest.size(); i++) {
            String name = rest.get(i);
            boolean last = i == rest.size() - 1;
            ClassTree cls = (ClassTree) at.getLeaf();
            TreePath next = null;
            for (Tree m : cls.getMembers()) {
                if (m instanceof ClassTree c && c.getSimpleName().contentEquals(name) && !(last && callable
                        && isMethodCall(cls, name))) {
                    next = new TreePath(at, c);
                } else if (last && m instanceof MethodTree mt && (mt.getName().contentEquals(name)
                        || (mt.getName().contentEquals("<init>") && cls.getSimpleName().contentEquals(name)))
                        && (!callable || sameTypes(mt, paramTypes))) {
                    next = new TreePath(at, mt);
                    break;
                } else if (last && !callable && m instanceof VariableTree v && v.getName().contentEquals(name)) {
                    next = new TreePath(at, v);
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            at = next;
        }
        return Optional.ofNullable(p.get().trees().getDocComment(at));
    }

    private static boolean isMethodCall(ClassTree cls, String name) {
        return cls.getMembers().stream().anyMatch(m -> m instanceof MethodTree mt && mt.getName().contentEquals(name));
    }

    private static Optional<Parsed> parse(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            SimpleJavaFileObject src = new SimpleJavaFileObject(URI.create("string:///" + file.getFileName()),
                    SimpleJavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            };
            JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(src));
            CompilationUnitTree unit = task.parse().iterator().next();
            return Optional.of(new Parsed(unit, DocTrees.instance(task)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '(') {
                depth++;
            } else if (s.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    /**
     * The parameter types of a signature's parameter list ({@code double a, java.util.List<String> b} → double,
     * List), as simple names with generics erased; commas inside generics do not split.
     */
    static List<String> paramTypes(String list) {
        List<String> out = new ArrayList<>();
        if (list.isBlank()) {
            return out;
        }
        int depth = 0;
        int from = 0;
        for (int i = 0; i <= list.length(); i++) {
            char c = i < list.length() ? list.charAt(i) : ',';
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(simpleType(list.substring(from, i).strip().replaceFirst("\\s+\\w+$", "")));
                from = i + 1;
            }
        }
        return out;
    }

    /** {@code java.util.List<String>...} → {@code List[]}; {@code final double} → {@code double}. */
    static String simpleType(String type) {
        String t = type;
        for (String prev = null; !t.equals(prev); ) {
            prev = t;
            t = t.replaceAll("<[^<>]*>", "");
        }
        t = t.replaceAll("@\\S+\\s+", "").replace("final ", "").replace("...", "[]").replace(" ", "");
        int arr = t.indexOf('[');
        String base = arr < 0 ? t : t.substring(0, arr);
        return base.substring(base.lastIndexOf('.') + 1) + (arr < 0 ? "" : t.substring(arr));
    }

    private static boolean sameTypes(MethodTree m, List<String> types) {
        if (m.getParameters().size() != types.size()) {
            return false;
        }
        for (int i = 0; i < types.size(); i++) {
            VariableTree p = m.getParameters().get(i);
            String declared = simpleType(p.getType().toString());
            if (!declared.equals(types.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A JShell signature without the record headers that JShell 21+ prints after a record's name:
     * {@code PlatformSettings PlatformSettings(int participants, int dim).defaults(int participants)} becomes
     * {@code PlatformSettings PlatformSettings.defaults(int participants)}, as JShell 17 prints it.
     */
    static String withoutRecordHeaders(String signature) {
        return signature.replaceAll("(\\b[A-Z][\\w$]*)\\([^()]*\\)\\.", "$1.");
    }

    /** A doc comment as plain text: inline tags unwrapped, HTML tags dropped, paragraphs and list items kept. */
    static String plain(String doc) {
        String s = doc.replaceAll("(?m)^[ \\t]+", "").replaceAll("\\{@(?:code|literal) ([^{}]*(?:\\{[^{}]*\\}[^{}]*)*)\\}", "$1")
                .replaceAll("\\{@(?:link|linkplain) ([^\\s}]+)\\s+([^}]*)\\}", "$2")
                .replaceAll("\\{@(?:link|linkplain|value) ([^}]*)\\}", "$1")
                .replaceAll("(\\w)#(\\w)", "$1.$2")
                .replaceAll("(?i)<p>\\s*", "\n\n")
                .replaceAll("(?i)<li>\\s*", "\n  - ")
                .replaceAll("(?i)</?(ul|ol)>", "\n")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&nbsp;", " ");
        s = s.replaceAll("\n{3,}", "\n\n");
        s = s.replaceAll("(?m)^@param\\s+(\\S+)\\s+", "  $1: ").replaceAll("(?m)^@return\\s+", "returns: ")
                .replaceAll("(?m)^@throws (\\S+)", "throws $1:");
        return s.strip();
    }
}
