-- Fidelity: the catalogue against the facts transcribed from the official pages (spec/fixtures/facts/groups.lua),
-- one test per fact, each naming its page. Needs no tim.core.
local facts = require "support.facts"
local api = require "tim.api"
local schema = require "tim.base.schema"

describe("fidelity: groups", function() facts.cases("groups", it) end)

-- The names and limits of the pages the emulator answers with (spec/33 checks its answers against these trees).
describe("fidelity: groups' field names", function()
    local INTL = "https://www.tencentcloud.com/document/product/1047/"
    local CN = "https://cloud.tencent.com/document/product/269/"

    -- field(path, side, "A[].B") -> the field of the record's request or answer tree
    local function field(path, side, name)
        local t = assert(api.lookup(path), path)
        local tree = assert(t[side], path .. " has a " .. side .. " tree")
        return schema.find(tree, name)
    end

    local CASES = {
        { "group_open_avchatroom_http_svc/modify_user_info", INTL .. "50294", function(p)
            assert.is_table(field(p, "request", "MemberList[].Member_Account"))
            assert.is_table(field(p, "request", "MemberList[].Marks"))
            assert.is_nil(field(p, "request", "UserDataList"))
            assert.is_table(field(p, "answer", "CommandType"))
            assert.is_table(field(p, "answer", "MemberList[].Marks"))
            assert.equal(500, field(p, "request", "MemberList").max_items)
        end },
        { "group_open_avchatroom_http_svc/get_members", INTL .. "50293", function(p)
            assert.is_table(field(p, "answer", "NextTimestamp"))
            assert.is_nil(field(p, "answer", "Timestamp"))
            for _, f in ipairs{ "Member_Account", "JoinTime", "NickName", "Avatar" } do
                assert.is_table(field(p, "answer", "MemberList[]." .. f), f)
            end
            assert.same({ Timestamp = "NextTimestamp" }, api.lookup(p).page.carry)
        end },
        { "group_open_avchatroom_http_svc/get_admin_list", INTL .. "60524", function(p)
            for _, f in ipairs{ "Admin_Account", "Avatar", "NickName" } do
                assert.is_table(field(p, "answer", "Admin_List[]." .. f), f)
            end
        end },
        { "group_open_http_svc/forbid_send_msg", INTL .. "34951", function(p)
            assert.equal(500, field(p, "request", "Members_Account").max_items)
            assert.is_true(field(p, "request", "MuteTime").required)
        end },
        { "group_open_http_svc/import_group_member", INTL .. "34969", function(p)
            assert.equal(300, field(p, "request", "MemberList").max_items)
            assert.same({ "Admin" }, field(p, "request", "MemberList[].Role").enum)
        end },
        { "group_open_http_svc/get_specified_group_member_info", INTL .. "64897", function(p)
            assert.equal(50, api.lookup(p).batch.max)
        end },
        { "group_open_http_svc/get_group_msg_receipt", INTL .. "49439", function(p)
            assert.is_table(field(p, "answer", "GroupMsgReceiptList[].ReadNum"))
        end },
        { "group_open_http_svc/get_permission_group", INTL .. "61235", function(p)
            assert.is_table(field(p, "answer", "PermissionGroupInfoList"))
            assert.equal(20, field(p, "request", "Limit").max)
            assert.is_nil(api.lookup("group_open_http_svc/get_permission_group_info"))
        end },
        -- the second reading of the group pages (the emulator answers and checks these; spec/33, spec/64)
        { "group_open_http_svc/get_group_muted_account", INTL .. "34964", function(p)
            assert.is_table(field(p, "request", "TopicId"))
            assert.is_table(field(p, "answer", "GroupId"))
            assert.equal("integer", field(p, "answer", "MutedAccountList[].MutedUntil")[2])
            assert.is_table(field(p, "answer", "MutedAccountList[].Member_Account"))
            assert.is_nil(field(p, "answer", "ShuttedUinList"))
        end },
        { "group_open_http_svc/forbid_send_msg", CN .. "1627", function(p)
            assert.is_table(field(p, "request", "TopicId"))
        end },
        { "group_open_avchatroom_http_svc/del_robots", CN .. "103785", function(p)
            assert.is_true(field(p, "request", "Member_Account").required)
            assert.is_nil(field(p, "request", "MemberList_Account"))
        end },
        { "group_open_http_svc/get_group_msg_receipt_detail", CN .. "77693", function(p)
            local f = field(p, "request", "Filter")
            assert.is_true(f.required)
            assert.same({ 0, 1 }, f.enum)
            assert.equal(200, field(p, "request", "Count").max)
        end },
        { "group_open_http_svc/group_msg_receipt", CN .. "107478", function(p)
            assert.equal(50, field(p, "request", "MsgSeqList").max_items)
        end },
        { "group_open_http_svc/send_group_system_notification", INTL .. "34958", function(p)
            assert.equal(50, field(p, "request", "ToMembers_Account").max_items)
            assert.is_table(field(p, "request", "TopicId"))
        end },
        { "group_open_http_svc/import_group_msg", INTL .. "34968", function(p)
            assert.equal(7, field(p, "request", "MsgList").max_items)
            assert.equal(7, api.lookup(p).batch.max)
        end },
        { "group_open_http_svc/modify_group_attr", CN .. "67010", function(p)
            assert.equal(16, field(p, "request", "GroupAttr").max_items)
            assert.equal(32, field(p, "request", "GroupAttr[].key").max_bytes)
            assert.equal(4000, field(p, "request", "GroupAttr[].value").max_bytes)
        end },
        { "group_open_http_svc/destroy_permission_group", INTL .. "61233", function(p)
            assert.is_table(field(p, "answer", "PermissionGroupResultList[].PermissionGroupId"))
        end },
    }
    for _, c in ipairs(CASES) do
        it(c[1] .. " matches " .. c[2], function() c[3](c[1]) end)
    end
end)
