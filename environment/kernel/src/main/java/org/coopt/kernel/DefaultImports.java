package org.coopt.kernel;

import java.util.List;

/**
 * What every notebook session imports before its first cell: the JDK packages the jshell tool imports,
 * the workbench packages notebooks use, DJL's NDArray API, Tablesaw, XChart, and the display helpers
 * ({@code display(..)}, {@code markdown(..)}, {@code html(..)} from {@link Display}).
 *
 * <p>Each import is evaluated on its own; one that fails (a package that was renamed) is reported on
 * the kernel's stderr and skipped rather than failing every cell. {@code SnippetEvaluatorTest} fails when
 * any of them does not resolve, so a stale entry cannot go unnoticed.
 */
public final class DefaultImports {

    private DefaultImports() {}

    public static final List<String> IMPORTS = List.of(
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.util.concurrent.*;",
            "import java.util.function.*;",
            "import java.util.regex.*;",
            "import java.util.stream.*;",
            "import java.awt.image.BufferedImage;",
            "import org.coopt.workbench.engine.*;",
            "import org.coopt.workbench.data.*;",
            "import org.coopt.workbench.nn.*;",
            "import org.coopt.workbench.run.*;",
            "import ai.djl.ndarray.*;",
            "import ai.djl.ndarray.types.*;",
            "import tech.tablesaw.api.*;",
            "import org.knowm.xchart.*;",
            "import static org.coopt.kernel.Display.*;");
}
