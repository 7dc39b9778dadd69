package dev.samlab.runner.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path folder;

    @Test
    void replacesAFileWholeWithThePermissionsTheUsersUmaskGivesNewFiles() throws IOException {
        Path reference = Files.createFile(folder.resolve("made-by-the-user"));
        Path target = Files.writeString(folder.resolve("report.md"), "old");

        AtomicFile.writeString(target, "new");

        assertThat(target).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
                .as("as umask gives, not -rw------- (umask 022 gives rw-r--r--)")
                .isEqualTo(PosixFilePermissions.toString(Files.getPosixFilePermissions(reference)));
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("made-by-the-user", "report.md");
        }
    }
}
