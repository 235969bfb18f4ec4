package com.example;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectDirectories;
import org.junit.platform.suite.api.Suite;

/**
 * Runs every .lean file under src/test/lean as tests: one test per theorem, lemma, example,
 * instance and def. Surefire only sends class selectors, so this suite tells the lean-sandbox
 * engine where the files are.
 */
@Suite
@IncludeEngines("lean-sandbox")
@SelectDirectories("src/test/lean")
class LeanProofsTest {
}
