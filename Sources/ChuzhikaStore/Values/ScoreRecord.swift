import ChuzhikaCore

/// A score record as stored (GRDB exports a `Record` too; this names ours everywhere).
public typealias ScoreRecord = ChuzhikaCore.Record
