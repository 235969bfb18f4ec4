/**
 * The Maven plugin: goal {@code lean-sandbox:check} ({@link io.leansandbox.maven.CheckMojo}) checks
 * a project's {@code .lean} files through the engine, prints a summary whose locations IDEs link,
 * writes a surefire-style XML report (and a SARIF log, when asked), and does not check again files
 * unchanged since their last passing check.
 *
 * <p>Only the mojo is public; the rest is one small package-private class per job: finding the files
 * ({@link io.leansandbox.maven.SourceScanner}), checking one file
 * ({@link io.leansandbox.maven.FileChecker}), the console text ({@link io.leansandbox.maven.ConsoleSummary}),
 * the XML ({@link io.leansandbox.maven.JUnitXmlReport}), the SARIF ({@link io.leansandbox.maven.SarifReport},
 * its model {@link io.leansandbox.maven.Sarif}), writing a file whole ({@link io.leansandbox.maven.AtomicFile}),
 * removing an earlier build's reports ({@link io.leansandbox.maven.StaleReports}), the cache
 * ({@link io.leansandbox.maven.CheckCache}).
 */
package io.leansandbox.maven;
