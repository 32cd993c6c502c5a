package io.privatevault.components.cluster;

import io.privatevault.components.support.Yaml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The node's cloud-config as a typed model (only the modules this cluster uses), serialised by the one YAML writer ({@link Yaml}).
 * The launch template carries it gzipped and base64-encoded: cloud-init detects gzip, and compression keeps
 * the scripts well under EC2's 16 KiB user-data limit.
 *
 * @param users       extra system users (cloud-init's default user is kept and has no key: SSM only)
 * @param filesystems volumes to format on first boot
 * @param mounts      fstab entries
 * @param files       files to write
 * @param commands    first-boot commands, each an argv list (no shell)
 */
public record CloudConfig(List<SystemUser> users, List<Filesystem> filesystems, List<Mount> mounts,
                          List<File> files, List<List<String>> commands) {
    public record SystemUser(String name, String home, String shell) {
    }

    /** A whole-device filesystem, never overwritten once it exists (a reboot must not wipe Raft data). */
    public record Filesystem(String device, String label, String type) {
    }

    public record Mount(String source, String mountPoint, String type, String options) {
    }

    public record File(String path, String content, String owner, String permissions) {
    }

    public Map<String, Object> toMap() {
        var map = new LinkedHashMap<String, Object>();
        var userList = new ArrayList<Object>();
        userList.add("default");
        for (SystemUser u : users) {
            var user = new LinkedHashMap<String, Object>();
            user.put("name", u.name());
            user.put("system", true);
            user.put("homedir", u.home());
            user.put("no_create_home", true);
            user.put("shell", u.shell());
            user.put("lock_passwd", true);
            userList.add(user);
        }
        map.put("users", userList);
        map.put("fs_setup", filesystems.stream().map(f -> {
            var fs = new LinkedHashMap<String, Object>();
            fs.put("label", f.label());
            fs.put("filesystem", f.type());
            fs.put("device", f.device());
            fs.put("partition", "none");
            fs.put("overwrite", false);
            return fs;
        }).toList());
        map.put("mounts", mounts.stream().map(m -> List.of(m.source(), m.mountPoint(), m.type(), m.options(), "0", "2")).toList());
        // No `packages`: cloud-init installs them once and moves on when the repository does not answer yet; the
        // Vault unit installs them before every start instead (install-vault.sh), under its restarts.
        map.put("write_files", files.stream().map(f -> {
            var file = new LinkedHashMap<String, Object>();
            file.put("path", f.path());
            file.put("owner", f.owner());
            file.put("permissions", f.permissions());
            file.put("content", f.content());
            return file;
        }).toList());
        map.put("runcmd", commands);
        return map;
    }

    /** The {@code #cloud-config} YAML document. */
    public String render() {
        return "#cloud-config\n" + Yaml.render(toMap());
    }

    /** {@link #render()}, gzipped and base64-encoded, as EC2 launch templates take user data. */
    public String userData() {
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes)) {
            gzip.write(render().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
