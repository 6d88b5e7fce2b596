package dev.ballast.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a broker certificate for 127.0.0.1 signed by it, made with
 * the JDK's {@code keytool}: PKCS12 files in a test's directory, one password for all.
 *
 * @param brokerKeystore the broker's key and certificate chain
 * @param truststore the CA certificate, for clients
 * @param password the password of both stores and of the key
 */
record TestCertificates(Path brokerKeystore, Path truststore, String password) {

  /** Makes the CA and the broker's certificate in {@code dir}. */
  static TestCertificates create(Path dir) throws IOException, InterruptedException {
    String pw = "test-" + Long.toHexString(System.nanoTime());
    Path ca = dir.resolve("ca.p12");
    Path broker = dir.resolve("broker.p12");
    Path trust = dir.resolve("truststore.p12");
    Path csr = dir.resolve("broker.csr");
    Path signed = dir.resolve("broker.crt");
    Path caCert = dir.resolve("ca.crt");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=Ballast test CA",
        "-ext",
        "bc:c",
        "-keystore",
        ca.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        pw);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        pw,
        "-file",
        caCert.toString());
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-keystore",
        broker.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        pw);
    keytool(
        "-certreq",
        "-alias",
        "broker",
        "-keystore",
        broker.toString(),
        "-storepass",
        pw,
        "-file",
        csr.toString());
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        ca.toString(),
        "-storepass",
        pw,
        "-infile",
        csr.toString(),
        "-outfile",
        signed.toString(),
        "-rfc",
        "-validity",
        "2",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caCert.toString(),
        "-keystore",
        broker.toString(),
        "-storepass",
        pw);
    keytool(
        "-importcert",
        "-alias",
        "broker",
        "-file",
        signed.toString(),
        "-keystore",
        broker.toString(),
        "-storepass",
        pw);
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        caCert.toString(),
        "-keystore",
        trust.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        pw);
    return new TestCertificates(broker, trust, pw);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }

  /** Writes a file and returns it. */
  static Path write(Path file, String text) throws IOException {
    Files.writeString(file, text);
    return file;
  }
}
