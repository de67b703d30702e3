package org.coopt.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.coopt.experiments.experiments.Table6;
import org.coopt.workbench.run.Seeds;
import org.coopt.workbench.util.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 22's classes of silently wrong results and badly escaping failures, each planted: duplicates (seeds, grid
 * values, config keys, list entries, options), the λ sentinel, names checked before any run folder exists, and
 * messages that name the source of a value and the right rule.
 */
class RefusalsTest {
    static final String OK = ConfigReaderTest.OK;

    static UserInputException refused(String json, String... overrides) {
        return assertThrows(UserInputException.class,
                () -> ConfigReader.read(json, "t6.json", Table6.Config.class, List.of(overrides)));
    }

    /** The command line as ./coopt runs it: exit code, stdout and stderr. */
    record Cli(int rc, String out, String err) {}

    static Cli cli(String... args) {
        CommandLine cl = org.coopt.workbench.cli.Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Cli(rc, out.toString(), err.toString());
    }

    /** A toy experiment with the given variants whose cells refuse (a user error met in a cell) or give one row. */
    static Experiment<ExperimentRunnerTest.ToyConfig> toy(
            java.util.function.Function<ExperimentRunnerTest.ToyConfig, List<String>> variants, boolean refuse) {
        return new Experiment<>() {
            public String id() { return "toy"; }
            public String title() { return "toy"; }
            public String paperClaim() { return "none"; }
            public Class<ExperimentRunnerTest.ToyConfig> configType() { return ExperimentRunnerTest.ToyConfig.class; }
            public List<String> variants(ExperimentRunnerTest.ToyConfig c) { return variants.apply(c); }

            public List<ResultRow> runCell(String variant, long seed, ExperimentRunnerTest.ToyConfig c, CellContext ctx) {
                if (refuse) {
                    throw new UserInputException("planted: the dataset is not on this machine");
                }
                return List.of(new ResultRow("toy", variant, seed, "acc", 1));
            }
        };
    }

    static boolean isEmpty(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    @Test
    void aKeyGivenTwiceIsRefusedNamingTheKeyAndTheFile() {
        UserInputException e = refused(OK.replace("\"methods\": [\"coopt\", \"byol\"]",
                "\"methods\": [\"coopt\", \"byol\"], \"methods\": [\"byol\"]"));
        assertEquals("t6.json: setting 'methods' is given twice (JSON would keep only the last one silently); keep one "
                + "of them", e.getMessage());
        e = refused(OK.replace("\"dim\": 16", "\"dim\": 16, \"dim\": 32"));
        assertTrue(e.getMessage().startsWith("t6.json: setting 'coopt.dim' is given twice"), e.getMessage());
        e = refused(OK, "coopt={\"dim\": 16, \"dim\": 32}");
        assertTrue(e.getMessage().contains("'dim' is given twice"), e.getMessage());
    }

    @Test
    void seedsGivenTwiceAreRefusedBeforeAnythingRuns(@TempDir Path tmp) {
        UserInputException e = assertThrows(UserInputException.class, () -> SeedList.check(List.of(0L, 0L)));
        assertTrue(e.getMessage().startsWith("--seeds lists seed 0 twice"), e.getMessage());
        assertThrows(UserInputException.class, () -> SeedList.check(List.of(1L, -1L)));
        assertThrows(UserInputException.class, () -> SeedList.check(List.of()));
        assertEquals(List.of(2L, 0L, 1L), SeedList.check(List.of(2L, 0L, 1L)));
        ExperimentRunnerTest.Toy toy = new ExperimentRunnerTest.Toy();
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        assertThrows(UserInputException.class, () -> runner.run(toy, Preset.SMOKE,
                new ExperimentRunnerTest.ToyConfig(1, List.of("a")), List.of(3L, 3L), tmp.resolve("out")));
        assertEquals(0, toy.calls.get());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void gridValuesThatReadAsOneValueAreRefusedBeforeAnyRun(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/planted"));
        Files.writeString(tmp.resolve("configs/planted/smoke.json"), "{\"scale\": 1, \"offset\": 0, \"variants\": [\"a\"]}");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        SweepTest.Planted exp = new SweepTest.Planted();
        UserInputException e = assertThrows(UserInputException.class, () -> Sweep.run(runner, exp, Preset.SMOKE, null,
                List.of(), Sweep.grid(List.of("scale=16,016")), List.of(0L), tmp.resolve("runs")));
        assertTrue(e.getMessage().startsWith("--grid scale: 16 and 016 are the same setting once read"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> Sweep.run(runner, exp, Preset.SMOKE, null, List.of(),
                Sweep.grid(List.of("offset=1e-3,0.001")), List.of(0L), tmp.resolve("runs")));
        assertTrue(e.getMessage().contains("1e-3 and 0.001"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> Sweep.grid(List.of("scale=16,16")));
        assertTrue(e.getMessage().contains("lists 16 twice"), e.getMessage());
        assertThrows(UserInputException.class, () -> Sweep.grid(List.of("scale=1,2", "scale=3")));
        e = assertThrows(UserInputException.class, () -> Sweep.run(runner, exp, Preset.SMOKE, null, List.of("scale=2"),
                Sweep.grid(List.of("scale=1,3")), List.of(0L), tmp.resolve("runs")));
        assertTrue(e.getMessage().contains("both set scale"), e.getMessage());
        e = assertThrows(UserInputException.class, () -> Sweep.run(runner, exp, Preset.SMOKE, null, List.of(),
                Sweep.grid(List.of("scale=1,x")), List.of(0L), tmp.resolve("runs")));
        assertTrue(e.getMessage().startsWith("--grid scale value x:"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("runs")), "nothing ran");
    }

    @Test
    void aSweepWithOutKeepsEverythingInIt(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("configs/planted"));
        Files.writeString(tmp.resolve("configs/planted/smoke.json"), "{\"scale\": 1, \"offset\": 0, \"variants\": [\"a\"]}");
        Path out = tmp.resolve("mine");
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), out.resolve("runs"));
        Sweep.Result r = Sweep.run(runner, new SweepTest.Planted(), Preset.SMOKE, null, List.of(),
                Sweep.grid(List.of("scale=1,2")), List.of(0L), tmp.resolve("runs"), out);
        assertEquals(out, r.dir());
        assertTrue(Files.isRegularFile(out.resolve("summary.md")));
        assertTrue(r.runs().stream().allMatch(x -> x.dir().startsWith(out.resolve("runs"))));
        assertFalse(Files.exists(tmp.resolve("runs")));
        Sweep.Result same = Sweep.run(runner, new SweepTest.Planted(), Preset.SMOKE, null, List.of(),
                Sweep.grid(List.of("scale=1,2")), List.of(0L), tmp.resolve("runs"), out);
        assertTrue(same.runs().stream().allMatch(ExperimentRunner.RunResult::reused), "the same sweep is reused");
        UserInputException e = assertThrows(UserInputException.class, () -> Sweep.run(runner, new SweepTest.Planted(),
                Preset.SMOKE, null, List.of(), Sweep.grid(List.of("scale=3,4")), List.of(0L), tmp.resolve("runs"), out));
        assertTrue(e.getMessage().endsWith("holds a sweep with other settings; choose another --out or delete it"),
                e.getMessage());
    }

    @Test
    void repeatedNamesInAConfigListAreRefused() {
        Table6.Config c = ConfigReader.read(OK, "t6.json", Table6.Config.class, List.of("methods=coopt,byol,coopt"));
        UserInputException e = assertThrows(UserInputException.class, () -> ConfigChecks.check("table6", c));
        assertTrue(e.getMessage().startsWith("table6: methods lists 'coopt' twice"), e.getMessage());
        // participants may hold the same prior (a homogeneous design, not a result counted twice)
        Table6.Config p = ConfigReader.read(OK, "t6.json", Table6.Config.class,
                List.of("priors=mlp-w256-sup-fmnist,mlp-w256-sup-fmnist"));
        ConfigChecks.check("table6", p);
        e = assertThrows(UserInputException.class, () -> ConfigReader.read(OK, "t6.json", Table6.Config.class,
                List.of("methods=coopt,coopt"), x -> ConfigChecks.check("table6", x)));
        assertTrue(e.getMessage().startsWith("--set methods=coopt,coopt: table6: methods lists 'coopt' twice"),
                e.getMessage());
    }

    @Test
    void lambdaMinusOneIsRefusedAndTheDefaultIsAnAbsentLambda() {
        UserInputException e = refused(OK, "coopt.lambda=-1");
        assertEquals("--set coopt.lambda=-1: coopt.lambda must be a finite number >= 0, got -1; leave coopt.lambda out "
                + "for the relative default 1e-3·trace(YᵀY)/d", e.getMessage());
        e = refused(OK.replace("\"dim\": 16", "\"dim\": 16, \"lambda\": -1"));
        assertTrue(e.getMessage().startsWith("invalid setting in t6.json: coopt.lambda must be"), e.getMessage());
        refused(OK, "coopt.lambda=NaN");
        Table6.Config c = ConfigReader.read(OK, "t6.json", Table6.Config.class, List.of());
        assertNull(c.coopt().lambda(), "left out, λ is absent");
        assertNull(c.coopt().platform(2, new Seeds(0)).lambda(), "absent on the platform too: no marker value exists");
        Table6.Config given = ConfigReader.read(OK, "t6.json", Table6.Config.class, List.of("coopt.lambda=0.5"));
        assertEquals(0.5, given.coopt().platform(2, new Seeds(0)).lambda());
        assertEquals(0.0, ConfigReader.read(OK, "t6.json", Table6.Config.class, List.of("coopt.lambda=0"))
                .coopt().platform(2, new Seeds(0)).lambda());
    }

    @Test
    void messagesNameTheSourceAndTheRuleThatApplies() {
        UserInputException e = refused(OK, "budget.epochs=0");
        assertTrue(e.getMessage().startsWith("--set budget.epochs=0: budget.epochs must be >= 1"), e.getMessage());
        assertFalse(e.getMessage().contains("last 3"), "the probe's rule is not the pre-training's: " + e.getMessage());
        e = refused(OK.replace("\"epochs\": 1", "\"epochs\": 0"));
        assertTrue(e.getMessage().startsWith("invalid setting in t6.json: budget.epochs must be >= 1"), e.getMessage());
        e = refused(OK, "budget.probeEpochs=2");
        assertTrue(e.getMessage().contains("budget.probeEpochs must be >= 3 (the probe reports the mean of its last 3 "
                + "epochs"), e.getMessage());
        e = refused(OK, "coopt.dim=99999999999");
        assertTrue(e.getMessage().startsWith("--set coopt.dim=99999999999: setting 'coopt.dim' is 99999999999"),
                e.getMessage());
        assertFalse(e.getMessage().contains("1215752191"), "no narrowed number: " + e.getMessage());
        e = refused(OK, "budget.learningRate=1e999");
        assertTrue(e.getMessage().contains("must be a finite number, got 1e999"), e.getMessage());
        e = refused(OK, "budget.epochs=8", "coopt.alignment=sideways");
        assertTrue(e.getMessage().startsWith("--set coopt.alignment=sideways: setting 'coopt.alignment' must be one"),
                e.getMessage());
        UserInputException twice = assertThrows(UserInputException.class,
                () -> Overrides.requireDistinct(List.of("--set coopt.dim=16", "--set budget.epochs=2", "--set coopt.dim=32")));
        assertTrue(twice.getMessage().startsWith("--set coopt.dim=16 and --set coopt.dim=32 both set coopt.dim"),
                twice.getMessage());
        assertThrows(UserInputException.class, () -> Overrides.requireDistinct(List.of("--set coopt={}", "--set coopt.dim=3")));
        Overrides.requireDistinct(List.of("--set coopt.dim=16", "--set coopt.dimension=3")); // not inside one another
        Experiments.Config notebook = Experiments.config("table6", "cpu").with("coopt.dim", 16).with("coopt.dim", 32);
        assertEquals(List.of("coopt.dim=32"), notebook.overrides(), "a notebook replaces a path");
    }

    @Test
    void anUnknownArchitectureIsRefusedBeforeARunFolderExists(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Cli r = cli("run", "table1", "--preset", "smoke", "--set", "budget.arch=nonexistent", "--out", out.toString());
        assertEquals(2, r.rc(), r.err());
        assertTrue(r.err().startsWith("coopt run: --set budget.arch=nonexistent: budget.arch 'nonexistent' is not an "
                + "architecture; known: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(isEmpty(out), "the out folder stays empty");
        r = cli("run", "table3", "--preset", "smoke", "--set", "workload.zooPreset=nope", "--out", out.toString());
        assertEquals(2, r.rc(), r.err());
        assertTrue(r.err().contains("unknown zoo preset 'nope'"), r.err());
        r = cli("run", "table1", "--preset", "smoke", "--set", "coopt.dim=16", "--set", "coopt.dim=32", "--out",
                out.toString());
        assertEquals(2, r.rc(), r.err());
        assertTrue(isEmpty(out));
    }

    /** A paper preset on a machine without its dataset: the catalogue's hint before any run folder, in one line. */
    @Test
    void aDatasetWithoutItsFolderIsRefusedBeforeARunFolderExists(@TempDir Path tmp) {
        org.coopt.experiments.experiments.Table1 t1 = new org.coopt.experiments.experiments.Table1();
        Path configs = org.coopt.workbench.run.Provenance.repoRoot().resolve("experiments/configs");
        ExperimentRunner runner = new ExperimentRunner(configs, tmp.resolve("runs"));
        org.coopt.experiments.experiments.Table1.Config c = runner.loadConfig(t1, Preset.PAPER, null);
        boolean configured;
        try {
            org.coopt.experiments.pipeline.Workload.checkDataConfigured(c.workload());
            configured = true;
        } catch (Exception e) {
            configured = false;
        }
        org.junit.jupiter.api.Assumptions.assumeFalse(configured, "the paper dataset is on this machine");
        UserInputException e = assertThrows(UserInputException.class,
                () -> runner.run(t1, Preset.PAPER, c, List.of(0L), tmp.resolve("out")));
        assertTrue(e.getMessage().contains("no folder given for"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    /** A refusal met inside a cell (a dataset missing on this machine) leaves no half-made run folder. */
    @Test
    void aRefusalInsideTheFirstCellLeavesNothing(@TempDir Path tmp) throws Exception {
        Experiment<ExperimentRunnerTest.ToyConfig> toy = toy(ExperimentRunnerTest.ToyConfig::variants, true);
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        ExperimentRunnerTest.ToyConfig cfg = new ExperimentRunnerTest.ToyConfig(1, List.of("a", "b"));
        assertThrows(UserInputException.class, () -> runner.run(toy, Preset.SMOKE, cfg, List.of(0L), tmp.resolve("new")));
        assertFalse(Files.exists(tmp.resolve("new")));
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        assertThrows(UserInputException.class, () -> runner.run(toy, Preset.SMOKE, cfg, List.of(0L), mine));
        assertTrue(Files.isDirectory(mine) && isEmpty(mine), "an --out folder the user made stays, empty");
        ExperimentRunnerTest.Toy broken = new ExperimentRunnerTest.Toy();
        broken.failOnB = true;
        assertThrows(IllegalStateException.class, () -> runner.run(broken, Preset.SMOKE, cfg, List.of(0L),
                tmp.resolve("bug")));
        assertTrue(Files.isRegularFile(tmp.resolve("bug/provenance.json")), "a bug keeps its folder to look at");
    }

    /** Distinct settings whose variants print alike (fractions 0.05 and 0.0500001 are both "0.05%"). */
    @Test
    void aVariantListedTwiceIsRefused(@TempDir Path tmp) {
        ExperimentRunner runner = new ExperimentRunner(tmp.resolve("configs"), tmp.resolve("runs"));
        ExperimentRunnerTest.ToyConfig cfg = new ExperimentRunnerTest.ToyConfig(1, List.of("a", "A"));
        UserInputException e = assertThrows(UserInputException.class, () -> runner.run(toy(c -> c.variants().stream()
                .map(v -> v.toLowerCase(java.util.Locale.ROOT)).toList(), false), Preset.SMOKE, cfg, List.of(0L),
                tmp.resolve("out")));
        assertTrue(e.getMessage().contains("'a' would run twice"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("out")));
        e = assertThrows(UserInputException.class, () -> runner.run(new ExperimentRunnerTest.Toy(), Preset.SMOKE,
                new ExperimentRunnerTest.ToyConfig(1, List.of("a", "b", "a")), List.of(0L), tmp.resolve("out")));
        assertTrue(e.getMessage().startsWith("toy: variants lists 'a' twice"), e.getMessage());
    }

    @Test
    void everyCommandAnswersHelpAndDoesNothingElse(@TempDir Path tmp) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        for (String[] args : List.of(new String[] {"list", "--help"}, new String[] {"run", "--help"},
                new String[] {"run", "table1", "--seeds", "0,0", "--out", out.toString(), "--help"},
                new String[] {"sweep", "table1", "--grid", "coopt.dim=16,32", "--out", out.toString(), "--help"},
                new String[] {"runs", "--help"}, new String[] {"compare", "a", "b", "--help"},
                new String[] {"demo", "--preset", "smoke", "--help"})) {
            Cli r = cli(args);
            assertEquals(0, r.rc(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: coopt " + args[0] + " "), r.out());
            assertEquals("", r.err(), String.join(" ", args));
        }
        assertTrue(isEmpty(out), "nothing ran");
    }

    @Test
    void compareRefusesARunNamedTwice(@TempDir Path tmp) throws Exception {
        Path run = Files.createDirectories(tmp.resolve("r1"));
        Cli r = cli("compare", run.toString(), tmp.resolve("./r1").toString());
        assertEquals(2, r.rc(), r.err());
        assertTrue(r.err().contains("names the run r1 twice"), r.err());
    }
}
