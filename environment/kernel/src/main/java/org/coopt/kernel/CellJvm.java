package org.coopt.kernel;

import java.util.Locale;

/**
 * Where cells run: in the kernel's own JVM or in a child JVM that the kernel starts and restarts.
 *
 * <p><b>(decision)</b> {@link #AUTO} runs cells in-process where this JVM can keep the kernel's two promises itself
 * (a cell that ignores the interrupt is stopped by force with {@code Thread.stop}, and {@code System.exit} in a
 * cell is refused by a Security Manager): that is JDK 17. On JDK 20+ ({@code Thread.stop} throws
 * {@code UnsupportedOperationException}) and 18+ (no Security Manager without a flag; removed in 24) the cells run
 * in a child JVM through JShell's JDI execution ({@link ChildJvmEngine}): an ignored interrupt is stopped over
 * JDI and, as the last resort, by ending the child JVM, and {@code System.exit} ends only the child, which the
 * kernel replaces. In-process is kept where it works because it is cheaper and keeps more (see the kernel README
 * for the measured costs): the first cell does not wait for a second JVM, and a cell's value is the real object.
 * The choice is made by capability ({@link InProcessGuards#available()}), never by the version string.
 *
 * <p>Override with {@code -Dcoopt.kernel.cells=in-process|child-jvm|auto} or the environment variable
 * {@code COOPT_KERNEL_CELLS} (the property wins).
 */
public enum CellJvm {
    AUTO, IN_PROCESS, CHILD_JVM;

    static final String PROPERTY = "coopt.kernel.cells";
    static final String ENV = "COOPT_KERNEL_CELLS";

    /** The setting as spelled by the user ({@code in-process}, {@code child-jvm}, {@code auto}). */
    static CellJvm parse(String spelling) {
        if (spelling == null || spelling.isBlank()) {
            return AUTO;
        }
        String s = spelling.strip().toLowerCase(Locale.ROOT);
        for (CellJvm m : values()) {
            if (m.spelling().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException(PROPERTY + " / " + ENV + " must be in-process, child-jvm or auto, not '"
                + spelling + "'");
    }

    String spelling() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The setting from {@value #PROPERTY}, else {@value #ENV}, else {@link #AUTO}. */
    static CellJvm fromEnvironment() {
        String p = System.getProperty(PROPERTY);
        return parse(p != null && !p.isBlank() ? p : System.getenv(ENV));
    }

    /** The engine this setting chooses here; {@code sink} receives a child JVM's displays. */
    CellEngine engine(DisplaySink sink) {
        CellJvm where = this == AUTO ? resolve(InProcessGuards.available()) : this;
        return where == IN_PROCESS ? new InProcessEngine() : new ChildJvmEngine(sink);
    }

    /** {@link #IN_PROCESS} or {@link #CHILD_JVM}: {@link #AUTO} resolved with what this JVM can do. */
    CellJvm resolve(boolean inProcessGuards) {
        if (this != AUTO) {
            return this;
        }
        return inProcessGuards ? IN_PROCESS : CHILD_JVM;
    }
}
