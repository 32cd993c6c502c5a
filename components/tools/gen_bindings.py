#!/usr/bin/env python3
"""Generates the thin tls/vault Java bindings from the provider schema facts.

The official com.pulumi:tls / com.pulumi:vault SDKs cannot be downloaded here, so this writes classes shaped
like theirs (same class, builder and package names, relative to io.privatevault.components.providers) for the
resources this project uses. BindingConformanceTest checks the result against the schema by reflection, so a
bug here fails the build. Run from the repository root:  python3 components/tools/gen_bindings.py
"""
import json
import keyword
import os
import re
import shutil

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMAS = os.path.join(ROOT, "src/test/resources/provider-schemas")
# Source root written to; `--out DIR` writes elsewhere (the up-to-date test compares that with the tree).
JAVA_ROOT = os.path.join(ROOT, "src/main/java")
BASE_PKG = "io.privatevault.components.providers"

# Resources bound, per provider. Object-typed properties are bound only when their type is in OBJECT_TYPES
# (or the property is required); everything else of the schema is bound.
RESOURCES = {
    "tls": [
        "tls:index/privateKey:PrivateKey",
        "tls:index/selfSignedCert:SelfSignedCert",
        "tls:index/certRequest:CertRequest",
        "tls:index/locallySignedCert:LocallySignedCert",
    ],
    "vault": [
        "vault:index/policy:Policy",
        "vault:index/authBackend:AuthBackend",
        "vault:index/mount:Mount",
        "vault:index/audit:Audit",
        "vault:index/auditRequestHeader:AuditRequestHeader",
        "vault:index/raftAutopilot:RaftAutopilot",
        "vault:kubernetes/authBackendConfig:AuthBackendConfig",
        "vault:kubernetes/authBackendRole:AuthBackendRole",
        "vault:appRole/authBackendRole:AuthBackendRole",
        "vault:aws/authBackendClient:AuthBackendClient",
        "vault:aws/authBackendRole:AuthBackendRole",
        "vault:aws/secretBackend:SecretBackend",
        "vault:aws/secretBackendRole:SecretBackendRole",
        "vault:database/secretBackendConnection:SecretBackendConnection",
        "vault:database/secretBackendRole:SecretBackendRole",
        "vault:kv/secretBackendV2:SecretBackendV2",
        "vault:transit/secretBackendKey:SecretBackendKey",
        "vault:jwt/authBackend:AuthBackend",
        "vault:jwt/authBackendRole:AuthBackendRole",
        "vault:identity/group:Group",
        "vault:tokenauth/authBackendRole:AuthBackendRole",
        "vault:kv/secretV2:SecretV2",
        # An intermediate CA in Vault PKI, signed by a root in Vault or elsewhere.
        "vault:pkiSecret/secretBackendRootCert:SecretBackendRootCert",
        "vault:pkiSecret/secretBackendIntermediateCertRequest:SecretBackendIntermediateCertRequest",
        "vault:pkiSecret/secretBackendRootSignIntermediate:SecretBackendRootSignIntermediate",
        "vault:pkiSecret/secretBackendIntermediateSetSigned:SecretBackendIntermediateSetSigned",
        "vault:pkiSecret/secretBackendRole:SecretBackendRole",
        "vault:pkiSecret/secretBackendConfigUrls:SecretBackendConfigUrls",
    ],
}
OBJECT_TYPES = {
    "tls:index/CertRequestSubject:CertRequestSubject",
    "tls:index/SelfSignedCertSubject:SelfSignedCertSubject",
    "vault:index/ProviderAuthLoginAws:ProviderAuthLoginAws",
    "vault:index/ProviderAuthLoginTokenFile:ProviderAuthLoginTokenFile",
    "vault:index/ProviderHeader:ProviderHeader",
    "vault:index/AuthBackendTune:AuthBackendTune",
    "vault:jwt/AuthBackendTune:AuthBackendTune",
    "vault:database/SecretBackendConnectionPostgresql:SecretBackendConnectionPostgresql",
    "vault:kv/SecretV2CustomMetadata:SecretV2CustomMetadata",
    "vault:pkiSecret/SecretBackendRolePolicyIdentifier:SecretBackendRolePolicyIdentifier",
}
# Stricter than the schema: credentials the schema leaves plain are still secrets here.
EXTRA_SECRETS = {
    ("pulumi:providers:vault", "token"),
    ("vault:index/ProviderAuthLoginAws:ProviderAuthLoginAws", "awsSecretAccessKey"),
    ("vault:index/ProviderAuthLoginAws:ProviderAuthLoginAws", "awsSessionToken"),
    ("vault:index/ProviderHeader:ProviderHeader", "value"),
}
PROVIDER_INPUT_SKIP = set()  # bind every scalar provider input

JAVA_KEYWORDS = set(keyword.kwlist) | {"default", "package", "private", "public", "static", "final", "interface",
                                       "abstract", "native", "synchronized", "transient", "volatile", "throws",
                                       "enum", "switch", "case", "new", "this", "super", "boolean", "int", "long",
                                       "char", "byte", "short", "double", "float", "void", "goto", "const",
                                       "instanceof", "catch", "extends", "implements", "throw", "do"}


def jname(prop):
    return prop + "_" if prop in JAVA_KEYWORDS else prop


def module_of(token):
    # "vault:appRole/authBackendRole:AuthBackendRole" -> "appRole"; index -> ""
    mod = token.split(":")[1].split("/")[0]
    return "" if mod == "index" else mod


def class_of(token):
    return token.split(":")[2]


def pkg_of(provider, token):
    mod = module_of(token)
    return f"{BASE_PKG}.{provider}" + (f".{mod}" if mod else "")


class Gen:
    def __init__(self, provider, schema):
        self.provider = provider
        self.schema = schema
        self.version = schema["version"]
        self.in_types = set()
        self.out_types = set()
        self.files = {}

    def usable(self, prop):
        t = prop["type"]
        objs = re.findall(r"object:([^>]+)", t)
        if prop.get("required"):
            return True
        if prop.get("deprecated"):
            return False
        return all(o in OBJECT_TYPES for o in objs)

    def java_type(self, t, direction):
        """Schema type -> (java type text, imports)."""
        if t == "string":
            return "String"
        if t == "integer":
            return "Integer"
        if t == "number":
            return "Double"
        if t == "boolean":
            return "Boolean"
        if t == "any":
            return "Object"
        m = re.fullmatch(r"array<(.+)>", t)
        if m:
            return f"List<{self.java_type(m.group(1), direction)}>"
        m = re.fullmatch(r"map<(.+)>", t)
        if m:
            return f"Map<String, {self.java_type(m.group(1), direction)}>"
        m = re.fullmatch(r"object:(.+)", t)
        if m:
            tok = m.group(1)
            if direction == "in":
                self.in_types.add(tok)
                return f"{pkg_of(self.provider, tok)}.inputs.{class_of(tok)}Args"
            self.out_types.add(tok)
            return f"{pkg_of(self.provider, tok)}.outputs.{class_of(tok)}"
        raise ValueError(t)

    @staticmethod
    def raw(jt):
        return jt.split("<")[0]

    def refs_tree(self, jt):
        refs = []

        def parse(s):
            s = s.strip()
            if "<" not in s:
                return s, []
            head, rest = s.split("<", 1)
            rest = rest[:-1]
            args, depth, cur = [], 0, ""
            for ch in rest:
                if ch == "<":
                    depth += 1
                elif ch == ">":
                    depth -= 1
                if ch == "," and depth == 0:
                    args.append(cur)
                    cur = ""
                else:
                    cur += ch
            args.append(cur)
            return head, [parse(a) for a in args]

        def tree(node):
            head, args = node
            if head not in refs:
                refs.append(head)
            idx = refs.index(head)
            if not args:
                return str(idx)
            return "[" + str(idx) + "," + ",".join(tree(a) for a in args) + "]"

        t = tree(parse(jt))
        if not t.startswith("["):
            t = "[" + t + "]"
        return "{" + ",".join(r + ".class" for r in refs) + "}", t

    def has_nested_secret(self, t, seen=None):
        seen = seen or set()
        for tok in re.findall(r"object:([^>]+)", t):
            if tok in seen:
                continue
            seen.add(tok)
            for n, p in self.schema["types"][tok]["properties"].items():
                if self.secret(tok, n, p) or self.has_nested_secret(p["type"], seen):
                    return True
        return False

    def secret(self, owner, name, prop):
        return prop.get("secret") or (owner, name) in EXTRA_SECRETS

    # ---------- Args (resource inputs and nested input types) ----------
    def args_class(self, pkg, cls, owner, props, doc):
        fields, getters, setters, checks = [], [], [], []
        for name in sorted(props):
            p = props[name]
            if not self.usable(p):
                continue
            jt = self.java_type(p["type"], "in")
            jn = jname(name)
            req = bool(p.get("required"))
            sec = self.secret(owner, name, p)
            # Provider config travels as strings: the SDK must JSON-encode every non-string provider input.
            as_json = owner.startswith("pulumi:providers:") and p["type"] != "string"
            imp = f'@Import(name="{name}"' + (", required=true" if req else "") + (", json=true" if as_json else "") + ")"
            fields.append(f"    {imp}\n    private {'' if req else '@Nullable '}Output<{jt}> {jn};\n")
            if req:
                getters.append(f"    public Output<{jt}> {jn}() {{\n        return this.{jn};\n    }}\n")
                checks.append(f'            if ($.{jn} == null) {{\n                throw new MissingRequiredPropertyException("{cls}", "{name}");\n            }}\n')
            else:
                getters.append(f"    public Optional<Output<{jt}>> {jn}() {{\n        return Optional.ofNullable(this.{jn});\n    }}\n")
            value = f"{jn} == null ? null : {jn}.asSecret()" if sec else jn
            why = "            // secret in the provider schema (or a credential): never stored in plain text\n" if sec else ""
            setters.append(f"        public Builder {jn}(@Nullable Output<{jt}> {jn}) {{\n{why}            $.{jn} = {value};\n            return this;\n        }}\n")
            setters.append(f"        public Builder {jn}({jt} {jn}) {{\n            return {jn}(Output.of({jn}));\n        }}\n")
            m = re.fullmatch(r"List<(.+)>", jt)
            if m:
                setters.append(f"        public Builder {jn}({m.group(1)}... {jn}) {{\n            return {jn}(List.of({jn}));\n        }}\n")
        body = (f"package {pkg};\n\n" + self.header() +
                "import com.pulumi.core.Output;\nimport com.pulumi.core.annotations.Import;\n"
                "import com.pulumi.exceptions.MissingRequiredPropertyException;\n"
                "import java.util.List;\nimport java.util.Map;\nimport java.util.Objects;\nimport java.util.Optional;\n"
                "import javax.annotation.Nullable;\n\n"
                f"/** {doc} */\n"
                f"public final class {cls} extends com.pulumi.resources.ResourceArgs {{\n\n" + "\n".join(fields) + "\n"
                f"    private {cls}() {{\n    }}\n\n" + "\n".join(getters) + "\n"
                f"    public static Builder builder() {{\n        return new Builder();\n    }}\n\n"
                f"    public static final class Builder {{\n        private final {cls} $ = new {cls}();\n\n"
                f"        public Builder() {{\n        }}\n\n" + "\n".join(setters) + "\n"
                f"        public {cls} build() {{\n" + "".join(checks) + "            return $;\n        }\n    }\n}\n")
        self.write(pkg, cls, body)

    # ---------- output object types ----------
    def out_class(self, tok):
        pkg = pkg_of(self.provider, tok) + ".outputs"
        cls = class_of(tok)
        props = self.schema["types"][tok]["properties"]
        fields, getters, bfields, bsetters, assigns = [], [], [], [], []
        for name in sorted(props):
            p = props[name]
            if not self.usable(p):
                continue
            jt = self.java_type(p["type"], "out")
            jn = jname(name)
            req = bool(p.get("required"))
            fields.append(f"    private {'' if req else '@Nullable '}{jt} {jn};\n")
            if req:
                getters.append(f"    public {jt} {jn}() {{\n        return this.{jn};\n    }}\n")
            elif jt.startswith("List<"):
                getters.append(f"    public {jt} {jn}() {{\n        return this.{jn} == null ? List.of() : this.{jn};\n    }}\n")
            elif jt.startswith("Map<"):
                getters.append(f"    public {jt} {jn}() {{\n        return this.{jn} == null ? Map.of() : this.{jn};\n    }}\n")
            else:
                getters.append(f"    public Optional<{jt}> {jn}() {{\n        return Optional.ofNullable(this.{jn});\n    }}\n")
            bfields.append(f"        private @Nullable {jt} {jn};\n")
            bsetters.append(f'        @CustomType.Setter("{name}")\n        public Builder {jn}(@Nullable {jt} {jn}) {{\n            this.{jn} = {jn};\n            return this;\n        }}\n')
            assigns.append(f"            o.{jn} = {jn};\n")
        body = (f"package {pkg};\n\n" + self.header() +
                "import com.pulumi.core.annotations.CustomType;\n"
                "import java.util.List;\nimport java.util.Map;\nimport java.util.Optional;\nimport javax.annotation.Nullable;\n\n"
                f"/** Output shape of {tok}. */\n@CustomType\npublic final class {cls} {{\n" + "".join(fields) + "\n"
                f"    private {cls}() {{\n    }}\n\n" + "\n".join(getters) + "\n"
                f"    public static Builder builder() {{\n        return new Builder();\n    }}\n\n"
                f"    @CustomType.Builder\n    public static final class Builder {{\n" + "".join(bfields) + "\n"
                f"        public Builder() {{\n        }}\n\n" + "\n".join(bsetters) + "\n"
                f"        public {cls} build() {{\n            var o = new {cls}();\n" + "".join(assigns) + "            return o;\n        }\n    }\n}\n")
        self.write(pkg, cls, body)

    # ---------- resources ----------
    def resource(self, tok):
        res = self.schema["resources"][tok]
        pkg = pkg_of(self.provider, tok)
        cls = class_of(tok)
        self.args_class(pkg, cls + "Args", tok, res["inputs"], f"Inputs of {tok}.")
        exports, secrets = [], []
        for name in sorted(res["outputs"]):
            p = res["outputs"][name]
            # Every secret output, bound or not, so the engine encrypts it in the state.
            if self.secret(tok, name, p) or self.has_nested_secret(p["type"]):
                secrets.append(name)
            if self.usable(p):
                exports.append(self.export(name, p))
        self.write(pkg, cls, self.resource_body(pkg, cls, tok, exports, secrets, "com.pulumi.resources.CustomResource",
                                                f'super("{tok}", name, args, makeResourceOptions(options, Codegen.empty()));'))

    def export(self, name, p):
        jt = self.java_type(p["type"], "out")
        jn = jname(name)
        refs, tree = self.refs_tree(jt)
        if p.get("required"):
            return (f'    @Export(name="{name}", refs={refs}, tree="{tree}")\n    private Output<{jt}> {jn};\n\n'
                    f"    public Output<{jt}> {jn}() {{\n        return this.{jn};\n    }}\n")
        return (f'    @Export(name="{name}", refs={refs}, tree="{tree}")\n    private Output</* @Nullable */ {jt}> {jn};\n\n'
                f"    public Output<Optional<{jt}>> {jn}() {{\n        return Codegen.optional(this.{jn});\n    }}\n")

    def resource_body(self, pkg, cls, tok, exports, secrets, base, super_call):
        sec = ""
        if secrets:
            sec = "            .additionalSecretOutputs(List.of(" + ", ".join(f'"{s}"' for s in secrets) + "))\n"
        return (f"package {pkg};\n\n" + self.header() +
                "import com.pulumi.core.Output;\nimport com.pulumi.core.annotations.Export;\n"
                "import com.pulumi.core.annotations.ResourceType;\nimport com.pulumi.core.internal.Codegen;\n"
                "import com.pulumi.resources.CustomResourceOptions;\n" +
                ("" if pkg == f"{BASE_PKG}.{self.provider}" else f"import {BASE_PKG}.{self.provider}.Utilities;\n") +
                "import java.util.List;\nimport java.util.Map;\nimport java.util.Optional;\nimport javax.annotation.Nullable;\n\n"
                f"/** Binding of {tok} ({self.provider} {self.version}). */\n"
                f'@ResourceType(type="{tok}")\npublic class {cls} extends {base} {{\n' + "\n".join(exports) + "\n"
                f"    public {cls}(String name, {cls}Args args) {{\n        this(name, args, null);\n    }}\n\n"
                f"    public {cls}(String name, {cls}Args args, @Nullable CustomResourceOptions options) {{\n        {super_call}\n    }}\n\n"
                "    /** Pins the plugin version (plugin.json) and marks the schema's secret outputs secret, as the official SDK does. */\n"
                "    private static CustomResourceOptions makeResourceOptions(@Nullable CustomResourceOptions options, @Nullable Output<String> id) {\n"
                "        var defaultOptions = CustomResourceOptions.builder()\n"
                "            .version(Utilities.getVersion())\n" + sec +
                "            .build();\n        return CustomResourceOptions.merge(defaultOptions, options, id);\n    }\n}\n")

    def provider_resource(self):
        pr = self.schema["providerResource"]
        tok = pr["token"]
        pkg = f"{BASE_PKG}.{self.provider}"
        self.args_class(pkg, "ProviderArgs", tok, pr["inputs"], f"Inputs of the {self.provider} provider ({tok}).")
        # The official SDKs export a provider's string-typed inputs; credentials are left out.
        exports = [self.export(n, dict(p, required=False)) for n, p in sorted(pr["inputs"].items())
                   if p["type"] == "string" and not self.secret(tok, n, p)]
        self.write(pkg, "Provider", self.resource_body(pkg, "Provider", tok, exports, [], "com.pulumi.resources.ProviderResource",
                                                       f'super("{self.provider}", name, args, makeResourceOptions(options, Codegen.empty()));')
                   .replace("public class Provider", "public class Provider"))

    def utilities(self):
        pkg = f"{BASE_PKG}.{self.provider}"
        body = (f"package {pkg};\n\n" + self.header() +
                f"import {BASE_PKG}.PluginVersions;\n\n"
                f"/** The pinned {self.provider} plugin version, read from com/pulumi/{self.provider}/plugin.json (the file the Pulumi CLI reads). */\n"
                "public final class Utilities {\n"
                f'    private static final String VERSION = PluginVersions.read("{self.provider}");\n\n'
                "    private Utilities() {\n    }\n\n"
                "    public static String getVersion() {\n        return VERSION;\n    }\n}\n")
        self.write(pkg, "Utilities", body)

    def header(self):
        return (f"// Generated by components/tools/gen_bindings.py from the {self.provider} {self.version} schema facts.\n"
                "// Regenerate instead of editing; BindingConformanceTest checks it against the schema.\n\n")

    def write(self, pkg, cls, body):
        self.files[(pkg, cls)] = body

    def run(self):
        if self.provider == "vault":
            self.provider_resource()
        for tok in RESOURCES[self.provider]:
            self.resource(tok)
        done_in, done_out = set(), set()
        while self.in_types - done_in or self.out_types - done_out:
            for tok in sorted(self.in_types - done_in):
                done_in.add(tok)
                pkg = pkg_of(self.provider, tok) + ".inputs"
                self.args_class(pkg, class_of(tok) + "Args", tok, self.schema["types"][tok]["properties"], f"Input shape of {tok}.")
            for tok in sorted(self.out_types - done_out):
                done_out.add(tok)
                self.out_class(tok)
        self.utilities()
        base = os.path.join(JAVA_ROOT, BASE_PKG.replace(".", "/"), self.provider)
        shutil.rmtree(base, ignore_errors=True)
        for (pkg, cls), body in self.files.items():
            path = os.path.join(JAVA_ROOT, pkg.replace(".", "/"), cls + ".java")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(shorten(body))
        return len(self.files)


def shorten(body):
    # Use simple names for the generated nested types by importing them.
    fq = sorted(set(re.findall(r"io\.privatevault\.components\.providers\.[\w.]+\.(?:inputs|outputs)\.\w+", body)))
    pkg = re.match(r"package ([\w.]+);", body).group(1)
    imports = ""
    for name in fq:
        simple = name.rsplit(".", 1)[1]
        body = re.sub(re.escape(name) + r"\b", simple, body)
        if name.rsplit(".", 1)[0] != pkg:
            imports += f"import {name};\n"
    if imports:
        body = body.replace("import java.util.List;", imports + "import java.util.List;", 1)
    return body


if __name__ == "__main__":
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == "--out":
        JAVA_ROOT = os.path.abspath(sys.argv[2])
    for prov in ("tls", "vault"):
        with open(os.path.join(SCHEMAS, prov + ".json")) as fh:
            n = Gen(prov, json.load(fh)).run()
        print(prov, n, "classes")
