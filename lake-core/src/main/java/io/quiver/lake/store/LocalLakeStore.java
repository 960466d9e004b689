package io.quiver.lake.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A lake in a local folder. Atomic steps are POSIX ones: a finished file is renamed into place, a
 * log entry is linked into place ({@code link(2)} fails if the name exists, where {@code rename(2)}
 * would replace it), and every rename is followed by a sync of the folder so that it survives a
 * crash of the machine, not just of the process.
 */
public final class LocalLakeStore implements LakeStore {

    private final Path root;

    public LocalLakeStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        if (!Files.isWritable(this.root)) {
            throw new IOException("lake folder " + this.root + " is not writable");
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Path spool() throws IOException {
        return Files.createDirectories(root.resolve("_quiver/spool"));
    }

    private Path path(String key) {
        Path p = root.resolve(key).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("key '" + key + "' leaves the lake");
        }
        return p;
    }

    @Override
    public void upload(Path local, String key) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Files.move(local, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(target.getParent());
    }

    @Override
    public boolean createIfAbsent(String key, byte[] data) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        writeDurably(temp, data);
        try {
            Files.createLink(target, temp);
            syncFolder(target.getParent());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void put(String key, byte[] data) throws IOException {
        Path target = path(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        writeDurably(temp, data);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(target.getParent());
    }

    private static void writeDurably(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    private static void syncFolder(Path folder) throws IOException {
        try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems refuse to open folders for sync; the rename itself is still atomic
        }
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(path(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.exists(path(key));
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path target = path(to);
        Files.createDirectories(target.getParent());
        Files.move(path(from), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(target.getParent());
    }

    @Override
    public void delete(String key) throws IOException {
        Path p = path(key);
        Files.deleteIfExists(p);
        // drop folders the delete emptied, up to the lake's root, so expired partitions disappear
        Path parent = p.getParent();
        while (parent != null && !parent.equals(root) && parent.startsWith(root)) {
            try (Stream<Path> s = Files.list(parent)) {
                if (s.findAny().isPresent()) {
                    break;
                }
            } catch (NoSuchFileException e) {
                break;
            }
            try {
                Files.delete(parent);
            } catch (IOException e) {
                break;
            }
            parent = parent.getParent();
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        Path start = path(prefix.isEmpty() ? "." : prefix);
        Path walkRoot = Files.isDirectory(start) ? start : start.getParent();
        List<StoredObject> out = new ArrayList<>();
        if (walkRoot == null || !Files.isDirectory(walkRoot)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(walkRoot)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                String key = root.relativize(p).toString().replace('\\', '/');
                if (key.startsWith(prefix)) {
                    try {
                        out.add(new StoredObject(key, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                    } catch (NoSuchFileException gone) {
                        // deleted while listing
                    }
                }
            }
        } catch (java.io.UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
        out.sort((a, b) -> a.key().compareTo(b.key()));
        return out;
    }

    @Override
    public Path localCopy(String key) {
        return path(key);
    }

    @Override
    public void releaseLocalCopy(Path copy) {
    }

    @Override
    public void close() {
    }
}
