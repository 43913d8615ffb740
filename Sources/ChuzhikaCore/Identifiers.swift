@_exported import Tagged

/// Tags that keep the different kinds of code apart at compile time.
public enum StudentTag {}
public enum ClassTag {}
public enum StaffTag {}
public enum PointTag {}
public enum CourseTag {}
public enum DepartmentTag {}
public enum MajorTag {}
public enum SemesterTag {}
public enum RecordTag {}

/// A student's 学号.
public typealias StudentID = Tagged<StudentTag, String>
/// A 班级 code.
public typealias ClassID = Tagged<ClassTag, String>
/// A staff member's 工号.
public typealias StaffID = Tagged<StaffTag, String>
/// A 采分点 id, a stable dotted string such as `academic.punctuality`.
public typealias PointID = Tagged<PointTag, String>
/// A course code.
public typealias CourseID = Tagged<CourseTag, String>
/// A 系部 code.
public typealias DepartmentID = Tagged<DepartmentTag, String>
/// A 专业 code.
public typealias MajorID = Tagged<MajorTag, String>
/// A semester id such as `2025-2026-1`.
public typealias SemesterID = Tagged<SemesterTag, String>
/// The database id of one record (采分录入).
public typealias RecordID = Tagged<RecordTag, Int64>
