package com.example;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectDirectories;
import org.junit.platform.suite.api.Suite;

@Suite
@IncludeEngines("lean-sandbox")
@SelectDirectories("src/test/lean")
class LeanProofsTest {
}
