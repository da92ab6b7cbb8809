package io.seedrpc.processtest;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * A runnable jar for one of the minimal applications: a manifest naming the main class and, as its class path,
 * this test's class path without the sample's and the registry's classes and configuration (so the application
 * is built from the starter only). {@code java -jar} runs it as a user runs an application.
 */
final class AppJar {

    private AppJar() {
    }

    static Path write(Path directory, Class<?> mainClass) throws IOException {
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (!path.endsWith(Path.of("sample-app", "target", "classes")) && !path.toString().contains("rpc-registry-app")) {
                classPath.add(path.toUri().toString());
            }
        }
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        attributes.put(Attributes.Name.CLASS_PATH, classPath.stream().collect(Collectors.joining(" ")));
        Path jar = directory.resolve(mainClass.getSimpleName() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    /** Runs {@code java -jar jar args...} with its output going to {@code log}. */
    static Process run(Path jar, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
