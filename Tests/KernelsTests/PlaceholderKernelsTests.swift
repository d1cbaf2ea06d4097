import Testing
@testable import Kernels

@Test func KernelsBuilds() { #expect(Bool(true)) }
