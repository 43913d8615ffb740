import ChuzhikaCore

/// One planning function per kind of roster sheet.
extension RosterPlanner {
    mutating func planClass(_ row: RosterRow) throws -> [RosterChange] {
        let id = ClassID(rawValue: try required(row, "code", "班级代码"))
        let name = try required(row, "name", "班级名称")
        let majorID = MajorID(rawValue: try required(row, "major", "专业代码"))
        guard let cohort = row["cohort"].flatMap(Int.init), (1950...2199).contains(cohort) else {
            throw RosterRowError("入学年份“\(row["cohort"] ?? "")”不对", hint: "写四位年份，如 2024")
        }
        let years = row["programYears"].flatMap(Int.init) ?? 3
        guard (1...8).contains(years) else { throw RosterRowError("学制“\(row["programYears"] ?? "")”不对", hint: "写年数，如 3") }
        var changes: [RosterChange] = []
        func change(_ op: RosterOperation, _ kind: RosterKind, _ action: RosterChange.Action, _ code: String, _ name: String, _ detail: String) {
            changes.append(RosterChange(op, kind: kind, action: action, code: code, name: name, detail: detail, line: row.line))
        }
        if state.majors[majorID] == nil {
            guard let majorName = row["majorName"], let deptCode = row["department"] else {
                throw RosterRowError("没有专业 \(majorID.rawValue)", hint: "新专业要同时填写专业名称和系部代码")
            }
            let deptID = DepartmentID(rawValue: deptCode)
            if state.departments[deptID] == nil {
                guard let deptName = row["departmentName"] else {
                    throw RosterRowError("没有系部 \(deptCode)", hint: "新系部要填写系部名称")
                }
                let department = Department(id: deptID, name: deptName)
                state.departments[deptID] = department
                change(.addDepartment(department), .classes, .added, deptCode, deptName, "新系部")
            }
            let major = Major(id: majorID, name: majorName, department: deptID)
            state.majors[majorID] = major
            change(.addMajor(major), .classes, .added, majorID.rawValue, majorName, "新专业，属 \(deptCode)")
        } else if let dept = row["department"], state.majors[majorID]?.department.rawValue != dept {
            throw RosterRowError("专业 \(majorID.rawValue) 属于系部 \(state.majors[majorID]?.department.rawValue ?? "")，不是 \(dept)")
        }
        let schoolClass = SchoolClass(id: id, name: name, major: majorID, cohort: Cohort(enrollmentYear: cohort, programYears: years))
        if let existing = state.classes[id] {
            guard existing.major == majorID, existing.cohort == schoolClass.cohort else {
                throw RosterRowError("班级 \(id.rawValue) 已存在，专业、入学年份和学制不能通过导入修改",
                                     hint: "已有记录依赖这些信息；如确需调整，请新建班级并把学生调过去")
            }
            guard existing.name != name else { return changes }
            state.classes[id] = schoolClass
            change(.renameClass(id, name: name), .classes, .changed, id.rawValue, name, "名称 \(existing.name) → \(name)")
        } else {
            state.classes[id] = schoolClass
            change(.addClass(schoolClass), .classes, .added, id.rawValue, name, "\(cohort)级，\(majorID.rawValue)，学制 \(years) 年")
        }
        return changes
    }

    mutating func planCourse(_ row: RosterRow) throws -> [RosterChange] {
        let id = CourseID(rawValue: try required(row, "code", "课程代码"))
        let name = try required(row, "name", "课程名称")
        if let existing = state.courses[id] {
            guard existing.name != name else { return [] }
            state.courses[id] = Course(id: id, name: name)
            return [RosterChange(.renameCourse(id, name: name), kind: .courses, action: .changed, code: id.rawValue,
                                 name: name, detail: "名称 \(existing.name) → \(name)", line: row.line)]
        }
        state.courses[id] = Course(id: id, name: name)
        return [RosterChange(.addCourse(Course(id: id, name: name)), kind: .courses, action: .added, code: id.rawValue,
                             name: name, detail: "新课程", line: row.line)]
    }

    mutating func planStaff(_ row: RosterRow) throws -> [RosterChange] {
        let id = StaffID(rawValue: try required(row, "code", "工号"))
        let name = try required(row, "name", "姓名")
        let isAdmin: Bool
        switch row["admin"] {
        case nil, "否", "0": isAdmin = false
        case "是", "1": isAdmin = true
        case let other?: throw RosterRowError("管理员一栏“\(other)”应为 是 或 否")
        }
        let ending = try ends(row, ending: RosterColumns.endingStaff, active: RosterColumns.activeStaff)
        let day = try date(row)
        let staff = Staff(id: id, name: name, isAdmin: isAdmin)
        func change(_ op: RosterOperation, _ action: RosterChange.Action, _ detail: String) -> RosterChange {
            RosterChange(op, kind: .staff, action: action, code: id.rawValue, name: name, detail: detail, line: row.line)
        }
        guard let existing = state.staff[id] else {
            state.staff[id] = RosterStanding(staff, endedOn: ending == true ? day : nil)
            var changes = [change(.addStaff(staff, on: day), .added, isAdmin ? "新教职工（管理员）" : "新教职工")]
            if ending == true { changes.append(change(.endStaff(id, on: day), .ended, "\(row["status"] ?? "离职")（\(day)）")) }
            return changes
        }
        var changes: [RosterChange] = []
        if existing.member != staff {
            var parts: [String] = []
            if existing.member.name != name { parts.append("姓名 \(existing.member.name) → \(name)") }
            if existing.member.isAdmin != isAdmin { parts.append(isAdmin ? "设为管理员" : "取消管理员") }
            changes.append(change(.updateStaff(staff), .changed, parts.joined(separator: "，")))
        }
        if ending == true, existing.endedOn == nil {
            changes.append(change(.endStaff(id, on: day), .ended, "\(row["status"] ?? "离职")（\(day)）"))
        } else if ending == false, existing.endedOn != nil {
            changes.append(change(.reinstateStaff(id, on: day), .reinstated, "重新在职（\(day)）"))
        }
        let endedOn = ending == true ? (existing.endedOn ?? day) : ending == false ? nil : existing.endedOn
        state.staff[id] = RosterStanding(staff, endedOn: endedOn)
        return changes
    }

    mutating func planAssignment(_ row: RosterRow) throws -> [RosterChange] {
        let staffID = StaffID(rawValue: try required(row, "staff", "工号"))
        guard let staff = state.staff[staffID] else {
            throw RosterRowError("没有教职工 \(staffID.rawValue)", hint: "先导入教职工表（czk roster import staff）")
        }
        let roleText = try required(row, "role", "角色")
        guard let role = OwnerRole(name: roleText) else {
            throw RosterRowError("未知的角色“\(roleText)”", hint: "可填：\(OwnerRole.allCases.map(\.chineseName).joined(separator: "/"))")
        }
        let reach = try self.reach(role, row)
        let assignment = Assignment(staff: staffID, role: role, reach: reach)
        let ending = try ends(row, ending: RosterColumns.endingAssignment, active: RosterColumns.activeAssignment) ?? false
        let day = try date(row)
        let detail = "\(role.chineseName) \(Self.describe(reach))"
        if ending {
            guard state.assignments.contains(assignment) else {
                throw RosterRowError("\(staff.member.name)（\(staffID.rawValue)）没有在任的“\(detail)”，无从结束")
            }
            state.assignments.remove(assignment)
            return [RosterChange(.endAssignment(assignment, on: day), kind: .assignments, action: .ended,
                                 code: staffID.rawValue, name: staff.member.name, detail: "\(detail)（\(day) 结束）", line: row.line)]
        }
        guard !state.assignments.contains(assignment) else { return [] }
        state.assignments.insert(assignment)
        return [RosterChange(.addAssignment(assignment, on: day), kind: .assignments, action: .added,
                             code: staffID.rawValue, name: staff.member.name, detail: detail, line: row.line)]
    }

    private func reach(_ role: OwnerRole, _ row: RosterRow) throws -> Assignment.Reach {
        func schoolClass() throws -> ClassID {
            guard let code = row["class"] else { throw RosterRowError("\(role.chineseName)要填写班级") }
            guard state.classes[ClassID(rawValue: code)] != nil else {
                throw RosterRowError("没有班级 \(code)", hint: "先导入班级表（czk roster import classes）")
            }
            return ClassID(rawValue: code)
        }
        switch role {
        case .courseTeacher:
            guard let code = row["course"] else { throw RosterRowError("任课教师要填写课程和班级") }
            guard state.courses[CourseID(rawValue: code)] != nil else {
                throw RosterRowError("没有课程 \(code)", hint: "先导入课程表（czk roster import courses）")
            }
            return .course(CourseID(rawValue: code), in: try schoolClass())
        case .headTeacher, .counselor, .peTeacher:
            return .schoolClass(try schoolClass())
        case .studentAffairs:
            guard let code = row["department"] else { throw RosterRowError("学工办要填写系部") }
            guard state.departments[DepartmentID(rawValue: code)] != nil else { throw RosterRowError("没有系部 \(code)") }
            return .department(DepartmentID(rawValue: code))
        case .teachingOffice:
            guard let code = row["major"] else { throw RosterRowError("教研室要填写专业") }
            guard state.majors[MajorID(rawValue: code)] != nil else { throw RosterRowError("没有专业 \(code)") }
            return .major(MajorID(rawValue: code))
        }
    }

    static func describe(_ reach: Assignment.Reach) -> String {
        switch reach {
        case .schoolClass(let c): "班级 \(c.rawValue)"
        case .course(let course, let c): "课程 \(course.rawValue)，班级 \(c.rawValue)"
        case .department(let d): "系部 \(d.rawValue)"
        case .major(let m): "专业 \(m.rawValue)"
        }
    }

    mutating func planStudent(_ row: RosterRow) throws -> [RosterChange] {
        let id = StudentID(rawValue: try required(row, "code", "学号"))
        let name = try required(row, "name", "姓名")
        let classID = ClassID(rawValue: try required(row, "class", "班级"))
        guard state.classes[classID] != nil else {
            throw RosterRowError("没有班级 \(classID.rawValue)", hint: "先导入班级表（czk roster import classes）")
        }
        let ending = try ends(row, ending: RosterColumns.endingStatuses, active: RosterColumns.activeStudent)
        let day = try date(row)
        let student = Student(id: id, name: name, schoolClass: classID)
        func change(_ op: RosterOperation, _ action: RosterChange.Action, _ detail: String) -> RosterChange {
            RosterChange(op, kind: .students, action: action, code: id.rawValue, name: name, detail: detail, line: row.line)
        }
        let status = row["status"] ?? ""
        guard let existing = state.students[id] else {
            state.students[id] = RosterStanding(student, endedOn: ending == true ? day : nil)
            var changes = [change(.addStudent(student, on: day), .added, "新生，班级 \(classID.rawValue)")]
            if ending == true { changes.append(change(.endStudent(id, on: day, reason: status), .ended, "\(status)（\(day)）")) }
            return changes
        }
        var changes: [RosterChange] = []
        let old = existing.member
        if old.name != name { changes.append(change(.renameStudent(id, name: name), .changed, "姓名 \(old.name) → \(name)")) }
        if old.schoolClass != classID {
            // The trail's detail is read back by `classMoves()`: ClassMove owns its wording.
            let move = ClassMove(student: id, from: old.schoolClass, to: classID, on: day)
            changes.append(change(.moveStudent(id, from: old.schoolClass, to: classID, on: day), .moved, move.detail))
        }
        var endedOn = existing.endedOn
        if ending == true, existing.endedOn == nil {
            changes.append(change(.endStudent(id, on: day, reason: status), .ended, "\(status)（\(day)）"))
            endedOn = day
        } else if ending == false, existing.endedOn != nil {
            changes.append(change(.reinstateStudent(id, on: day), .reinstated, "\(status)（\(day)）"))
            endedOn = nil
        }
        state.students[id] = RosterStanding(student, endedOn: endedOn)
        return changes
    }
}
