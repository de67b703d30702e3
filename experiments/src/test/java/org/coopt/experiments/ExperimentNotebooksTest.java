package org.coopt.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.workbench.run.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 12 experiment notebooks are generated from {@code notebooks/specs/*.json} by
 * {@code environment/tools/make_notebook.py}; a committed notebook that differs from what the generator makes of
 * its spec (edited by hand, or a spec changed without regenerating) fails here.
 */
class ExperimentNotebooksTest {
    static final List<String> ORDER = List.of("table1", "table2", "table3", "table4", "table5", "table6", "fig4", "fig5b",
            "fig5c", "fig5d", "fig6", "demo");

    @Test
    void everyExperimentNotebookIsWhatItsSpecGenerates(@TempDir Path tmp) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no /usr/bin/python3");
        Path root = Provenance.repoRoot();
        for (int i = 0; i < ORDER.size(); i++) {
            String id = ORDER.get(i);
            Path out = tmp.resolve(id + ".ipynb");
            Process p = new ProcessBuilder(python.toString(), root.resolve("environment/tools/make_notebook.py").toString(),
                    root.resolve("notebooks/specs/" + id + ".json").toString(), out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), log);
            Path committed = root.resolve(String.format("notebooks/%02d-%s.ipynb", i + 1, id));
            assertEquals(Files.readString(out), Files.readString(committed), committed + " differs from its spec; "
                    + "regenerate with environment/tools/make_notebook.py --all");
        }
    }
}
