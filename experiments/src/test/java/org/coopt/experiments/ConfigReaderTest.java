package org.coopt.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.coopt.experiments.experiments.Table6;
import org.coopt.workbench.coopt.Alignment;
import org.coopt.workbench.coopt.PlatformSettings;
import org.coopt.workbench.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict config reading: every refusal is one line naming the key and the file; overrides reach nested settings. */
class ConfigReaderTest {
    static final String OK = "{\"workload\": {\"zooPreset\": \"cpu\", \"unlabelledSize\": 2000, \"probeTrainSize\": 300,"
            + " \"testSize\": 300, \"seed\": 0}, \"budget\": {\"arch\": \"convnet\", \"width\": 8, \"epochs\": 1,"
            + " \"batchSize\": 64, \"learningRate\": 0.001, \"weightDecay\": 0.01, \"probeEpochs\": 5,"
            + " \"monitor\": \"none\"}, \"methods\": [\"coopt\", \"byol\"], \"priors\": [\"convnet-w32-sup-fmnist\","
            + " \"mlp-w256-sup-fmnist\"], \"coopt\": {\"dim\": 16, \"sharedFraction\": 0.0005, \"alignment\": \"best\"}}";

    static UserInputException refused(String json, String... overrides) {
        return assertThrows(UserInputException.class,
                () -> ConfigReader.read(json, "t6.json", Table6.Config.class, List.of(overrides)));
    }

    @Test
    void aValidConfigReadsAndOverridesReachNestedSettings() {
        Table6.Config c = ConfigReader.read(OK, "t6.json", Table6.Config.class, List.of());
        assertEquals(16, c.coopt().dim());
        assertEquals(PlatformSettings.DEFAULT_SOLVER, c.coopt().solver(), "a setting left out takes its default");
        Table6.Config o = ConfigReader.read(OK, "t6.json", Table6.Config.class,
                List.of("coopt.dim=32", "budget.epochs=8", "methods=coopt,simclr", "coopt.alignment=worst", "coopt.dim=64"));
        assertEquals(64, o.coopt().dim(), "a later override wins");
        assertEquals(8, o.budget().epochs());
        assertEquals(List.of("coopt", "simclr"), o.methods());
        assertEquals(Alignment.Choice.WORST, o.coopt().alignment());
        assertEquals(c.coopt().sharedFraction(), o.coopt().sharedFraction(), "a sibling of an overridden setting stays");
        assertEquals(c.workload(), o.workload(), "untouched settings stay");
        Table6.Config one = ConfigReader.read(OK, "t6.json", Table6.Config.class, List.of("methods=coopt"));
        assertEquals(List.of("coopt"), one.methods(), "one value for a list is a list of one");
    }

    @Test
    void unknownKeysWrongTypesAndUnknownOverridesAreRefusedNamingTheKey() {
        UserInputException e = refused(OK.replace("\"dim\"", "\"dimm\""));
        assertTrue(e.getMessage().startsWith("t6.json: unknown setting 'coopt.dimm' (known in coopt: dim, sharedFraction,"),
                e.getMessage());
        e = refused(OK.replace("\"best\"", "\"sideways\""));
        assertEquals("t6.json: setting 'coopt.alignment' must be one of [best, medium, worst, none], got \"sideways\"",
                e.getMessage());
        e = refused(OK, "coopt.solver=lasso");
        assertTrue(e.getMessage().startsWith("--set coopt.solver=lasso: unknown"), e.getMessage()); // the source of the value
        e = refused(OK.replace("\"epochs\"", "\"epoch\""));
        assertTrue(e.getMessage().contains("unknown setting 'budget.epoch' (known in budget: arch, width, epochs"),
                e.getMessage());
        e = refused(OK.replace("\"dim\": 16", "\"dim\": \"sixteen\""));
        assertTrue(e.getMessage().startsWith("t6.json: setting 'coopt.dim' must be a number (a whole number), got \"sixteen\""), e.getMessage());
        e = refused(OK.replace("\"dim\": 16", "\"dim\": 16.5"));
        assertTrue(e.getMessage().contains("'coopt.dim' must be a number (a whole number), got 16.5"), e.getMessage());
        e = refused(OK.replace("\"budget\": {", "\"budget\": [").replace("\"monitor\": \"none\"}", "\"monitor\": \"none\"]"));
        assertTrue(e.getMessage().contains("is not valid JSON") || e.getMessage().contains("'budget' must be an object"),
                e.getMessage());
        e = refused(OK, "budget.epochz=3");
        assertTrue(e.getMessage().startsWith("override budget.epochz: no setting 'epochz' in budget; known: arch"),
                e.getMessage());
        e = refused(OK, "coopt.dimension=32");
        assertTrue(e.getMessage().startsWith("override coopt.dimension: no setting 'dimension' in coopt; known: dim"),
                e.getMessage());
        e = refused(OK, "dim=32");
        assertTrue(e.getMessage().contains("no setting 'dim' in the config of t6.json; known: workload"), e.getMessage());
        e = refused(OK.replace(", \"priors\": [\"convnet-w32-sup-fmnist\", \"mlp-w256-sup-fmnist\"]", ""));
        assertTrue(e.getMessage().contains("t6.json"), e.getMessage());
        e = refused("{\"dim\": 16,}");
        assertTrue(e.getMessage().startsWith("t6.json is not valid JSON"), e.getMessage());
        for (UserInputException x : List.of(e)) {
            assertEquals(1, x.getMessage().lines().count());
        }
    }

    @Test
    void anUnknownMethodIsRefusedBeforeAnyFolderExists(@TempDir Path tmp) {
        Table6.Config c = ConfigReader.read(OK, "t6.json", Table6.Config.class, List.of("methods=coopt,foo"));
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        UserInputException e = assertThrows(UserInputException.class,
                () -> runner.run(new Table6(), Preset.CPU, c, List.of(0L), null));
        assertTrue(e.getMessage().startsWith("table6: unknown method 'foo'; known: ["), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("runs")));
    }

    @Test
    void notebookConfigsCarryOverridesAndResolveThem() {
        Experiments.Config c = Experiments.config("table6", "cpu").with("coopt.dim", 32).with("budget.epochs", 3)
                .with("methods", List.of("coopt", "simclr"));
        assertEquals("table6 --preset cpu --set coopt.dim=32 --set budget.epochs=3 --set methods=[\"coopt\",\"simclr\"]",
                c.toString());
        Table6.Config r = (Table6.Config) c.resolve();
        assertEquals(32, r.coopt().dim());
        assertEquals(3, r.budget().epochs());
        assertEquals(List.of("coopt", "simclr"), r.methods());
        UserInputException e = assertThrows(UserInputException.class, () -> c.with("budget.epoch", 3).resolve());
        assertTrue(e.getMessage().contains("no setting 'epoch' in budget"), e.getMessage());
    }

    @Test
    void everyCommittedConfigReadsStrictly() {
        Path root = org.coopt.workbench.run.Provenance.repoRoot().resolve("experiments/configs");
        ExperimentRunner runner = new ExperimentRunner(root, root.resolveSibling("no-runs"));
        int n = 0;
        for (Experiment<?> e : ExperimentRegistry.discover().all()) {
            for (Preset p : Preset.values()) {
                if (Files.isRegularFile(runner.configFile(e, p))) {
                    runner.loadConfig(e, p, null);
                    n++;
                }
            }
        }
        assertTrue(n >= 36, "12 experiments × 3 presets, found " + n);
    }
}
