package org.coopt.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.coopt.workbench.util.Json;
import org.coopt.workbench.zoo.ZooSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every experiment the registry discovers (whoever added it) must ship what users and CI need: a smoke,
 * a cpu and a paper config that load and validate, whose prior ids all exist in the zoo their
 * {@code workload.zooPreset} names ({@link ZooSettings#plannedIds()}, so a paper config is checked on a
 * machine without the paper's data), and exactly one notebook {@code notebooks/NN-ID.ipynb} whose kernel is
 * {@code coopt-java}. A missing or broken one fails this test, naming the experiment and the file.
 */
class RegisteredExperimentsTest {

    static final String KERNEL = "coopt-java";

    /** Surefire runs in the module folder: configs are in {@code configs/}, notebooks in {@code ../notebooks}. */
    static final Path CONFIGS = Path.of("configs");
    static final Path NOTEBOOKS = Path.of("..", "notebooks");

    /** What is missing or broken for one experiment; empty when all is in place. */
    static List<String> problems(Experiment<?> exp, Path configs, Path notebooks) {
        List<String> out = new ArrayList<>();
        configProblems(exp, configs, out);
        List<Path> nbs;
        try (Stream<Path> s = Files.isDirectory(notebooks) ? Files.list(notebooks) : Stream.empty()) {
            nbs = s.filter(f -> f.getFileName().toString().matches("\\d\\d-" + java.util.regex.Pattern.quote(exp.id())
                    + "\\.ipynb")).toList();
        } catch (IOException e) {
            out.add(exp.id() + ": cannot list " + notebooks + ": " + e.getMessage());
            return out;
        }
        if (nbs.size() != 1) {
            out.add(exp.id() + ": expected exactly one notebook " + notebooks + "/NN-" + exp.id() + ".ipynb, found "
                    + nbs.size() + " " + nbs);
            return out;
        }
        try {
            JsonObject nb = JsonParser.parseString(Files.readString(nbs.get(0))).getAsJsonObject();
            String kernel = nb.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString();
            if (!KERNEL.equals(kernel)) {
                out.add(exp.id() + ": " + nbs.get(0) + " uses kernel " + kernel + ", not " + KERNEL);
            }
            if (!nb.has("cells") || nb.getAsJsonArray("cells").isEmpty()) {
                out.add(exp.id() + ": " + nbs.get(0) + " has no cells");
            }
        } catch (IOException | RuntimeException e) {
            out.add(exp.id() + ": " + nbs.get(0) + " is not a notebook with metadata.kernelspec.name: " + e.getMessage());
        }
        return out;
    }

    private static <C extends Record> void configProblems(Experiment<C> exp, Path configs, List<String> out) {
        ExperimentRunner runner = new ExperimentRunner(configs, Path.of("unused-runs"));
        for (Preset p : Preset.values()) {
            try {
                C c = runner.loadConfig(exp, p, null);
                if (exp.variants(c).isEmpty()) {
                    out.add(exp.id() + ": " + p.id() + ".json gives no variants");
                }
                unknownPriors(JsonParser.parseString(Json.GSON.toJson(c))).forEach(u ->
                        out.add(exp.id() + ": " + p.id() + ".json: " + u));
            } catch (RuntimeException e) {
                out.add(exp.id() + ": " + p.id() + " config: " + e.getMessage());
            }
        }
    }

    /** A prior id: {@code human} or {@code ARCH-wWIDTH-...} (zoo ids, see {@link ZooSettings#plan}). */
    static final Pattern PRIOR_ID = Pattern.compile("human|[a-z0-9]+(-[a-z0-9]+)*-w\\d+-[a-z0-9-]+");

    /** Prior-like strings of a config that its zoo preset does not plan (none when it names no zoo). */
    static List<String> unknownPriors(JsonElement config) {
        if (!config.isJsonObject() || !config.getAsJsonObject().has("workload")) {
            return List.of();
        }
        String preset = config.getAsJsonObject().getAsJsonObject("workload").get("zooPreset").getAsString();
        List<String> planned;
        try {
            planned = ZooSettings.preset(preset).plannedIds();
        } catch (IllegalArgumentException e) {
            return List.of(e.getMessage());
        }
        List<String> strings = new ArrayList<>();
        collectStrings(config, strings);
        return strings.stream().filter(x -> PRIOR_ID.matcher(x).matches() && !planned.contains(x))
                .map(x -> "prior '" + x + "' is not in zoo " + preset).toList();
    }

    private static void collectStrings(JsonElement e, List<String> out) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            out.add(e.getAsString());
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectStrings(x, out));
        } else if (e.isJsonObject()) {
            e.getAsJsonObject().entrySet().forEach(x -> collectStrings(x.getValue(), out));
        }
    }

    @Test
    void everyRegisteredExperimentHasConfigsAndANotebook() {
        List<Experiment<?>> all = ExperimentRegistry.discover().all();
        assertFalse(all.isEmpty(), "no experiments registered in META-INF/services");
        assertTrue(Files.isDirectory(CONFIGS), "run from the experiments module folder; no " + CONFIGS.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        for (Experiment<?> e : all) {
            problems.addAll(problems(e, CONFIGS, NOTEBOOKS));
        }
        assertEquals(List.of(), problems, "experiments without valid configs or notebook");
    }

    /** The check itself fails on a missing config, a missing notebook, an invalid config and a wrong kernel. */
    @Test
    void theCheckCatchesEachKindOfProblem(@TempDir Path dir) throws IOException {
        Experiment<ExperimentRunnerTest.ToyConfig> toy = new ExperimentRunnerTest.Toy();
        Path configs = dir.resolve("configs");
        Path nbs = dir.resolve("notebooks");
        Files.createDirectories(configs.resolve("toy"));
        Files.createDirectories(nbs);
        List<String> p = problems(toy, configs, nbs);
        assertEquals(4, p.size(), p.toString());
        assertTrue(p.get(0).contains("smoke") && p.get(1).contains("cpu") && p.get(2).contains("paper")
                && p.get(3).contains("notebook"), p.toString());

        Files.writeString(configs.resolve("toy/smoke.json"), "{\"scale\": 1, \"variants\": [\"a\"]}");
        Files.writeString(configs.resolve("toy/paper.json"), "{\"scale\": 9, \"variants\": [\"a\"]}");
        Files.writeString(configs.resolve("toy/cpu.json"), "{\"scale\": 0, \"variants\": [\"a\"]}");
        Files.writeString(nbs.resolve("12-toy.ipynb"),
                "{\"cells\": [{}], \"metadata\": {\"kernelspec\": {\"name\": \"python3\"}}}");
        p = problems(toy, configs, nbs);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("cpu") && p.get(0).contains("scale must be >= 1"), p.get(0));
        assertTrue(p.get(1).contains("python3"), p.get(1));

        Files.writeString(configs.resolve("toy/cpu.json"), "{\"scale\": 2, \"variants\": [\"a\", \"b\"]}");
        Files.writeString(nbs.resolve("12-toy.ipynb"),
                "{\"cells\": [{}], \"metadata\": {\"kernelspec\": {\"name\": \"coopt-java\"}}}");
        assertEquals(List.of(), problems(toy, configs, nbs));
        Files.writeString(nbs.resolve("13-toy.ipynb"), "{}");
        assertEquals(1, problems(toy, configs, nbs).size(), "two notebooks for one experiment");
    }

    /** Prior ids are checked against the named zoo's plan: a typo or a prior of another zoo is reported. */
    @Test
    void priorIdsMustExistInTheNamedZoo() {
        String ok = "{\"workload\": {\"zooPreset\": \"paper-cifar10\"}, \"priors\": [\"resnet18-w64-sup-in1k\", "
                + "\"human\", \"vit-w192-simclr-tin\"], \"alignment\": \"best\", \"methods\": [\"coopt\"]}";
        assertEquals(List.of(), unknownPriors(JsonParser.parseString(ok)));
        String bad = "{\"workload\": {\"zooPreset\": \"paper-cifar10\"}, \"sets\": {\"x\": [\"resnet18-w8-sup-fmnist\", "
                + "\"vit-w192-sup-cifar10\", \"resnet18-w64-sup-cifar11\"]}}";
        assertEquals(List.of("prior 'resnet18-w8-sup-fmnist' is not in zoo paper-cifar10",
                "prior 'resnet18-w64-sup-cifar11' is not in zoo paper-cifar10"),
                unknownPriors(JsonParser.parseString(bad)));
        assertEquals(1, unknownPriors(JsonParser.parseString("{\"workload\": {\"zooPreset\": \"gpu\"}}")).size());
    }
}
