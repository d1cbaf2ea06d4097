import Testing
@testable import Chapters

@Test func ChaptersBuilds() { #expect(Bool(true)) }
