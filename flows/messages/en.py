"""English texts. Values in braces are HTML-escaped when filled in."""

MESSAGES: dict[str, str] = {
    # buttons
    "btn_back": "⬅️ Back",
    "btn_cancel": "✖️ Cancel",
    "btn_yes": "✅ Yes",
    "btn_no": "❌ No",
    "btn_skip_photo": "No photo",
    "btn_share_location": "📍 Send my location",
    "btn_submit": "📨 Send my proposal",
    "btn_propose": "💡 Propose a project",
    "btn_mine": "📋 My projects",
    "btn_notify_vote": "🔔 Tell me when voting opens",
    "btn_vote": "🗳 Vote",
    "btn_results": "🏆 Results",
    "btn_help": "❓ Help",
    "btn_projects": "🔎 See the projects",
    "btn_resume": "▶️ Carry on where I left off",
    "btn_restart": "🏠 Back to the menu",
    "btn_fix": "✏️ Edit my project",
    "btn_admissible": "✅ Eligible",
    "btn_inadmissible": "⛔ Not eligible",
    "btn_changes": "✏️ Ask for changes",
    "btn_duplicate": "👯 Duplicate",
    "btn_other_reason": "✍️ Other reason",
    "btn_confirm_refusal": "⛔ Confirm the refusal",
    "btn_reopen": "🔄 Reopen",
    "btn_edit_proposal": "✏️ Edit",
    "btn_previous": "◀️ Previous",
    "btn_next": "Next ▶️",
    "btn_open_vote": "🗳 Open the vote",
    # several campaigns on one bot (flows/dialogues/campaign_choice.py)
    "campaign_ask": "Hello {name} 👋\nSeveral participatory budgets are open right now. Which one are you interested in?\n\nYou can also write the name of your town.",
    "campaign_list": "Here are the participatory budgets I follow. Which one would you like to open?",
    "campaign_list_current": "You are on the <b>{campaign}</b>.\nHere are the participatory budgets I follow. Which one would you like to open?",
    "campaign_unknown_link": "This link leads to no participatory budget I know. Choose one of these:",
    "campaign_of_commune": "{commune} takes part in the <b>{campaign}</b>. Is that the one?",
    "campaign_no_commune": "I know of no open participatory budget for {commune}. Choose one of these:",
    "btn_campaign": "👉 {campaign}",
    "btn_campaign_current": "✓ {campaign}",
    "btn_campaign_closed": "{campaign} (closed)",
    "btn_campaign_others": "📋 See every participatory budget",
    "btn_campaign_future": "🔔 Tell me about the next participatory budget",
    "campaign_future_added": "🔔 Noted: I will tell you when a new participatory budget opens.",
    "campaign_future_already": "🔔 Already noted: I will tell you when a new participatory budget opens.",
    "campaign_opened_proposals": "📣 A new participatory budget begins: the <b>{campaign}</b>. Proposals are open, you can put forward yours.",
    "campaign_opened_vote": "📣 Voting is open for the <b>{campaign}</b>: come and choose your favourite projects.",
    # menu and help
    "welcome": "Hello {name} 👋\nWelcome to the <b>{campaign}</b>.\n{status}\n\nWhat would you like to do?",
    "menu": "<b>{campaign}</b>\n{status}\nWhat would you like to do?",
    "phase_proposals": "project submissions",
    "phase_review": "project review",
    "phase_vote": "voting",
    "phase_results": "results",
    "phase_closed": "no phase under way",
    "status_proposals_until": "💡 You can propose a project until {date}.",
    "status_proposals": "💡 You can propose a project.",
    "status_review_until": "🔎 The proposed projects are being studied. Voting opens on {date}.",
    "status_review": "🔎 The proposed projects are being studied.",
    "status_vote_until": "🗳 Voting is open until {date}.",
    "status_vote": "🗳 Voting is open.",
    "status_results": "🏆 Voting is over.",
    "status_closed_until": "Project submissions open on {date}.",
    "status_closed": "The participatory budget is over. Thank you all!",
    "resume_offer": "You had started something. Would you like to carry on?",
    "help": "ℹ️ <b>{campaign}</b>\nI help you propose a project for your département, "
            "then follow its review and vote.\n\n"
            "• /start: the menu\n• /proposer: propose a project\n"
            "• /mesprojets: your projects and where they stand\n• /voter: vote (during the vote)\n"
            "• /projets: the projects selected\n• /resultats: the results\n"
            "• /achievements: the winning projects and their progress\n• /mesdonnees, /oublier: your data\n"
            "• /annuler: stop everything\n"
            "• /aide (or /help): this help\n\nFor each question, reply with a message or "
            "tap a button. “⬅️ Back” takes you to the previous question.",
    "help_in_flow": "ℹ️ Answer the last question below. "
                    "“⬅️ Back” goes back a step, /annuler stops everything. "
                    "Your answers are kept: you can carry on later with /start.",
    "help_step_commune": "ℹ️ Type the name of the town or village (roughly is fine) or its "
                         "postcode, or tap “📍 Send my location” if you are there.",
    "help_step_cost": "ℹ️ Give an estimate in euros, for example “€15,000” or “15k”. "
                      "A rough figure is enough: the Département team will refine it.",
    "internal_error": "😕 Sorry, something went wrong on our side. Your earlier answers are "
                      "kept: try again in a moment or type /start.",
    "cancelled": "Cancelled. Nothing has been sent.",
    "nothing_to_cancel": "There is nothing in progress.",
    "not_understood": "Sorry, I didn't understand 🙂 Tap a button below.",
    "unknown_command": "I don't know the command /{command}. Here is what you can do:",
    "wrong_phase": "That isn't possible right now: it needs the “{wanted}” phase, "
                   "and we are in the “{phase}” phase.",
    "vote_opens_on": "🗳 Voting opens on {date}.",
    "vote_closed_on": "🗳 Voting closed on {date}.",
    "vote_not_open": "🗳 Voting is not open at the moment.",
    "proposals_open_on": "💡 Project submissions open on {date}.",
    "proposals_closed_on": "💡 Project submissions closed on {date}.",
    "proposals_not_open": "💡 Projects cannot be proposed at the moment.",
    "stale_button": "This button no longer works: please reply to the latest message.",
    "already_taken": "Already done 👍",
    "notify_added": "🔔 Got it: I'll let you know as soon as voting opens.",
    "notify_already": "🔔 You're already on the list to hear when voting opens.",
    "notify_results_already": "🔔 You're already on the list to hear when the results are out.",
    # following the winners (/achievements, /suivi)
    "progress_stage_study": "📐 Studies",
    "progress_stage_procurement": "📝 Tendering",
    "progress_stage_works": "🚧 Works",
    "progress_stage_done": "✅ Completed",
    "progress_stage_on_hold": "⏸ On hold",
    "progress_usage": "Type /suivi followed by a winning project's reference, for example "
                      "“/suivi {example}”. Add “correct” to correct its latest news.",
    "progress_unknown": "I can't find the project “{text}”. Please check the reference, for "
                        "example “/suivi {example}”.",
    "progress_not_published": "Following the winners starts once the results are published "
                              "(/results).",
    "progress_not_winner": "Project <b>{reference}</b> “{title}” was not chosen by the vote: "
                           "only winning projects are followed.",
    "progress_last_none": "none yet",
    "progress_last": "{stage} — {percent}% ({day}, by {who}): “{note}”",
    "progress_ask_stage": "🏗 Progress of <b>{reference}</b> “{title}”\nLatest news: {last}\n\n"
                          "What stage is the project at?",
    "progress_ask_stage_fix": "✏️ Correcting the latest news of <b>{reference}</b> “{title}”:\n"
                              "{last}\n\nIt will be replaced by what you enter now, and the "
                              "people told will know. What stage is the project at?",
    "progress_nothing_to_fix": "Project <b>{reference}</b> has no news to correct yet.",
    "progress_ask_percent": "{stage}: how far along is the project, in percent? Type a number "
                            "from 0 to 100 (for example “40”) or tap a button.",
    "progress_bad_percent": "I didn't understand “{text}”: I need a whole number from 0 to 100, "
                            "for example “40” for 40%.",
    "progress_ask_note": "A short piece of news for residents, {min} to {max} characters, for "
                         "example “Work has started, due to finish in June”.",
    "progress_bad_note": "I need news of {min} to {max} characters (yours has {length}). For "
                         "example “Work has started, due to finish in June”.",
    "progress_text_expected": "I need text here, not a photo: the photo comes right after.",
    "progress_ask_photo": "📷 A photo of the project? Send it here, or tap “No photo”.",
    "progress_photo_expected": "I need a photo (sent as an image), or tap “No photo”.",
    "btn_progress_no_photo": "No photo",
    "progress_confirm": "Please check before saving:\n<b>{reference}</b> “{title}”\n"
                        "{stage} — {percent}%\n“{note}”\n📷 {photo}\n\nThe people who follow "
                        "the project will be told.",
    "progress_confirm_fix": "Please check before correcting:\n<b>{reference}</b> “{title}”\n"
                            "{stage} — {percent}%\n“{note}”\n📷 {photo}\n\nThis news will "
                            "replace the previous one; the people who follow the project will "
                            "be told of the correction.",
    "btn_progress_save": "✅ Save and tell",
    "btn_progress_fix": "✏️ Correct the latest news",
    "progress_saved": "🏗 Progress of <b>{reference}</b> saved by {who}: {stage} — {percent}%. "
                      "People told: {count}.",
    "progress_corrected": "✏️ Latest news of <b>{reference}</b> corrected by {who}: {stage} — "
                          "{percent}%. People told: {count}.",
    "progress_cancelled": "Progress cancelled: nothing was saved.",
    "progress_correction_outdated": "Other news was saved in the meantime: nothing was "
                                    "corrected. Type “/suivi {reference}” to see the latest.",
    "progress_not_your_button": "This button belongs to a finished entry or a colleague's. "
                                "Type /suivi REFERENCE to start your own.",
    "progress_news": "📣 News of project <b>{reference}</b> “{title}”:\n{stage} — {percent}%\n"
                     "“{note}”",
    "progress_news_fix": "✏️ <b>Correction</b> for project <b>{reference}</b> “{title}”: this "
                         "replaces the previous news.\n{stage} — {percent}%\n“{note}”",
    "progress_news_follower": "You follow this project. Tap “🔕 Stop following” to stop "
                              "receiving its news.",
    "progress_news_proposer": "You receive this news because you proposed this project. Tap "
                              "“🔕 Stop following” to stop receiving it.",
    "btn_follow": "🔔 Follow",
    "btn_unfollow": "🔕 Stop following",
    "follow_done": "🔔 Got it: I'll tell you how project <b>{reference}</b> “{title}” is "
                   "getting on.",
    "follow_already": "🔔 You already follow project <b>{reference}</b> “{title}”.",
    "unfollow_done": "🔕 Got it: no more news of project <b>{reference}</b> “{title}”. Tap "
                     "“🔔 Follow” if you change your mind.",
    "unfollow_already": "You were not following project <b>{reference}</b> “{title}”.",
    "follow_toast": "Following 🔔",
    "unfollow_toast": "No longer following",
    "achievements_screen": "🏗 <b>Achievements</b> — {name}\n{count}\n\n{blocks}\n\n"
                           "Tap “🔔” to be told how a project is getting on.",
    "achievements_count_one": "{count} winning project · page {page}/{pages}",
    "achievements_count_other": "{count} winning projects · page {page}/{pages}",
    "achievements_block": "<b>{reference}</b> {title}\n💶 {cost} · 📍 {commune}\n{state}",
    "achievements_state": "{stage} — {percent}%\n📰 {day}: “{note}”",
    "achievements_no_news": "⏳ No news yet",
    "achievements_not_yet": "The winners can be followed here once the results of the vote "
                            "are published. Tap “🔔 Tell me the results” to get them as soon "
                            "as they are out.",
    "achievements_none": "No project was chosen by the vote.",
    "achievements_details": "<b>{reference}</b> {title}\n💶 {cost} · 📍 {commune}\n\n{history}",
    "achievements_history_line": "• {day} — {stage}, {percent}%: “{note}”",
    "btn_achievements": "🏗 Achievements",
    # bad input
    "unsupported": "I can't read this kind of message. Please type your answer or use a button.",
    "unsupported_sticker": "Nice sticker 🙂 but I need a written answer or a button.",
    "unsupported_voice": "I can't listen to voice messages. Please type your "
                         "answer.",
    "unsupported_video": "I can't use videos. Please type your answer.",
    "unsupported_document": "I can't use files. For a picture, send it "
                            "as a photo; otherwise type your answer.",
    "unexpected_contact": "I don't need a phone number at this step.",
    "expected_text": "I need a written answer. For example: {example}",
    "expected_button": "Choose one of the options by tapping a button.",
    "expected_yes_no": "Answer “Yes” or “No” with the buttons.",
    "expected_photo": "Send a photo (📎 then Photo), or tap “No photo”.",
    "expected_summary_button": "Your proposal is ready: tap “📨 Send my "
                               "proposal” or a button to change something.",
    "text_too_short": "That's a bit short (at least {minimum} characters). "
                      "For example: {example}",
    "text_too_long": "That's too long: {length} characters, for {limit} at most. "
                     "Could you shorten it?",
    "example_title": "“A covered bike shelter outside the library”",
    "example_description": "“Put up a shelter for 10 bikes outside the library, so that "
                           "secondary school pupils can cycle there.”",
    "example_name": "“Marie Dupont” or “Friends of the Old Wash-House”",
    # proposal steps
    "propose_intro": "💡 Propose a project for the <b>{name}</b>.\nI'll ask you "
                     "a few short questions. You can check everything before sending.",
    "ask_title": "1️⃣ What is the <b>title</b> of your project? "
                 "(one short sentence, {limit} characters at most)",
    "ask_description": "2️⃣ <b>Describe</b> your project: what you want to do, where, and for "
                       "whom. ({limit} characters at most)",
    "ask_theme": "3️⃣ Which <b>theme</b> does your project fit?",
    "ask_commune": "4️⃣ In which <b>town or village</b> is the project?\n"
                   "Type its name or postcode, for example {example}.",
    "location_hint": "📍 Or tap “Send my location” at the bottom of the screen.",
    "commune_set": "📍 Town or village: <b>{commune}</b>",
    "commune_choose": "Several places match. Which one is right?",
    "commune_choose_single": "Is this the right place?",
    "commune_choose_voter": "Here are the places {in_department} that look like “{text}”. Which one is yours?",
    "commune_outside_voter": "({commune} is {in_other}: to vote, you must live {in_department}.)",
    "commune_outside_voter_alone": "{commune} is {in_other}. To vote, you must live {in_department}. Type the name of your town or village, for example {example}.",
    "commune_postal_page": "Postcode {postal} covers {count} places. Which one is right? (page {page}/{pages}; you can also type its name)",
    "commune_not_found": "I can't find a town or village called “{text}” {in_department}. Check the spelling or give the postcode, for example {example}.",
    "commune_outside": "{commune} is {in_other}, not {in_department}. The project must be {in_department}.",
    "commune_outside_residence": "{commune} is {in_other}. To propose a project, you must live {in_department}.",
    "expected_commune": "Type the name of the town or village or its postcode, "
                        "for example {example}.",
    "location_outside": "This location is not {in_department}. Please type the name of the town or village instead.",
    "location_outside_voter": "This location is not {in_department}. To vote, you must live {in_department}: type the name of your town or village.",
    "ask_cost": "5️⃣ What is the <b>estimated cost</b> of the project, in euros?\n"
                "Between {min} and {max}. For example: “€15,000” or “15k”.",
    "cost_not_understood": "I didn't understand this amount. Type a number in euros, "
                           "for example “€15,000”, “15k” or “2,500.50”.",
    "cost_range": "I need a single amount. If unsure, give the higher one, for example "
                  "“{high}”.",
    "cost_before_tax": "Give the cost <b>including VAT</b>, which is what the département will pay: "
                       "for example “€18,000” for €15,000 before tax.",
    "ask_question": "❓ Question {number}/{total}: {question}",
    "ask_photo": "📷 Would you like to add a <b>photo</b> (of the place, a sketch...)? "
                 "Send it now, or tap “No photo”.",
    "ask_kind": "👤 You are proposing this project as:",
    "kind_person": "An individual",
    "kind_association": "An association",
    "kind_local_authority": "A local authority (town hall...)",
    "ask_name_person": "What is your <b>name</b>? (first name and surname)",
    "ask_name_group": "What is the <b>name</b> of the organisation?",
    "ask_age": "How <b>old</b> are you? (a number, for example 42)",
    "age_not_understood": "Type your age in figures, for example “42”, or your "
                          "date of birth, for example “12/03/1958”.",
    "ask_residence_person": "Which <b>town or village do you live in</b>? For example {example}.",
    "ask_residence_group": "In which <b>town or village</b> is the organisation based? "
                           "For example {example}.",
    "summary": "📝 <b>Your proposal</b>\n\n{details}\n\n"
               "All correct? Tap “📨 Send my proposal”, "
               "or a button to change something.",
    "submitted": "✅ Thank you! Your proposal is saved under the reference "
                 "<b>{reference}</b>.\nThe Département team will look at it; I'll "
                 "let you know here. Follow it with /mesprojets.",
    "fix_intro": "✏️ Project <b>{reference}</b>: the team is asking for changes:\n"
                 "<i>{note}</i>\nMake the changes, then send it again.",
    "fix_not_needed": "This project isn't waiting for any changes.",
    # rules
    "rule_cost": "⚠️ Cost rule: the project must cost between {min} and {max}. "
                 "You gave {cost}. Please give another amount, for example “€15,000”.",
    "rule_question": "⚠️ This project can't be accepted as it is: {explanation}\nIf you made a mistake, tap the other answer; otherwise /annuler.",
    "rule_age": "⚠️ You must be at least {min_age} to propose a project. "
                "An adult can propose it for you.",
    "rule_place": "⚠️ The project must be {in_department}.",
    "rule_residence": "⚠️ To propose a project, you must live {in_department}.",
    "rule_missing": "⚠️ An answer is missing: {field}.",
    # fields
    "field_title": "Title",
    "field_description": "Description",
    "field_theme": "Theme",
    "field_commune": "Town or village",
    "field_cost": "Cost",
    "field_photo": "Photo",
    "field_answers": "Answers",
    "field_proposer_kind": "You are",
    "field_proposer_name": "Name",
    "field_proposer_age": "Age",
    "field_proposer_commune": "Lives in",
    "canton": "canton",
    "yes": "yes",
    "no": "no",
    "years": "years old",
    # statuses
    "status_submitted": "⏳ being reviewed",
    "status_admissible": "✅ eligible",
    "status_inadmissible": "⛔ not eligible",
    "status_changes_requested": "✏️ changes requested",
    "status_duplicate": "👯 duplicate",
    "status_withdrawn": "🗑 withdrawn by its author",
    "mine_empty": "You haven't proposed a project yet.",
    "mine_header": "📋 Your projects ({count}):",
    "mine_line": "<b>{reference}</b> — {title}\n{status}",
    "btn_withdraw": "🗑 Withdraw {reference}",
    "withdraw_hint": "As long as a project has not been examined, you can withdraw it.",
    "withdraw_confirm": "Do you really want to withdraw project <b>{reference}</b> “{title}”? It will not be examined, and this cannot be undone.",
    "btn_withdraw_yes": "🗑 Yes, withdraw it",
    "btn_withdraw_no": "No, keep it",
    "withdraw_kept": "Project {reference} is kept: it will be examined.",
    "withdraw_done": "🗑 Project {reference} is withdrawn. It will not be examined. Thank you for taking part!",
    "withdraw_too_late": "Project {reference} can no longer be withdrawn: the team has already examined it ({status}).",
    # staff
    "alert_new": "🆕 <b>New proposal {reference}</b> from {proposer}\n\n{details}",
    "alert_resubmitted": "🔁 <b>Edited proposal {reference}</b> from {proposer}\n\n"
                         "{details}",
    "alert_repost": "📌 <b>Proposal {reference}</b> from {proposer}, submitted on {day}\n\n"
                    "{details}",
    "proposer_account": "user {user_id}",
    "proposer_named": "{name} (user {user_id})",
    "proposer_forgotten": "someone who asked for their data to be erased",
    "alert_photo": "📷 Photo attached to {reference}",
    "staff_only": "Sorry, only the participatory budget team can do that.",
    "already_decided": "Already decided by {who}.",
    "pick_reason": "⛔ Choose the reason:",
    "type_rt": "{name}, type the reason for turning down {reference} in your next message.",
    "type_chg": "{name}, type the changes needed for {reference} in your "
                "next message.",
    "type_dup": "{name}, type the reference of the project that {reference} duplicates "
                "(for example 12 or BP-2026-0012).",
    "duplicate_unknown": "I can't find the project “{text}”. Give its reference, "
                         "for example {example}.",
    "decision_saved": "Decision saved.",
    "decided_line": "➡️ <b>{status}</b> — decided by {who}",
    "confirm_refusal": "⛔ Turn down {reference} for this reason?\n<i>{reason}</i>\n"
                       "The person who proposed it will be told.",
    "refusal_not_yours": "Only the person who typed this reason can confirm the refusal.",
    "reopen_already": "{reference} is already waiting for a decision.",
    "reopen_done_toast": "Decision reopened.",
    "reopened_line": "🔄 Reopened by {who} (previous decision: {previous}). "
                     "Choose the new decision.",
    "correction_locked": "The vote has started: the ballot no longer changes, so {reference} "
                         "can no longer be reopened or edited.",
    "outcome_reopened": "🔄 The team is looking at your project <b>{reference}</b> \"{title}\" "
                        "again. I will tell you its new decision.",
    "outcome_edited": "✏️ After study, the team corrected your project <b>{reference}</b> "
                      "\"{title}\":\n{field}: {before} → <b>{after}</b>",
    "edit_hint": "To correct {reference}, type for example:\n"
                 "• /modifier {reference} cost 18000\n"
                 "• /modifier {reference} title Covered bike shelter\n"
                 "• /modifier {reference} commune Marciac\n"
                 "• /modifier {reference} theme Ecology",
    "edit_usage": "To correct a proposal: /modifier REFERENCE FIELD VALUE, where FIELD is "
                  "title, cost, commune or theme. For example: \"/modifier {example} cost 18000\".",
    "edit_done": "✅ {reference} edited by {who}: {field}: {before} → <b>{after}</b>. "
                 "The person who proposed it has been told.",
    "edit_unchanged": "{reference} already has \"{value}\" as its {field}: nothing changed.",
    "edit_bad_title": "The title must have 3 to {limit} characters. For example: "
                      "\"/modifier {example} title Covered bike shelter\".",
    "edit_bad_cost": "I cannot read the amount \"{text}\". Type a number in euros, for example "
                     "\"18000\", \"18,000 €\" or \"18k\".",
    "edit_cost_out_of_bounds": "The cost must stay between {min} and {max} (a campaign rule); "
                               "you typed {cost}.",
    "edit_bad_commune": "I cannot find a commune \"{text}\" in the département. Give its name "
                        "or postcode, for example \"Marciac\" or \"32230\".",
    "edit_commune_choose": "Several communes match \"{text}\": {names}. Be more precise, for "
                           "example with the postcode.",
    "edit_bad_theme": "I do not know the theme \"{text}\". Possible themes: {names}.",
    "project_unknown": "I cannot find the proposal \"{text}\". Give its reference, for "
                       "example \"/projet {example}\".",
    "project_usage": "To find a proposal: /projet followed by its reference, a commune or a "
                     "word of its title. For example \"/projet {example}\", \"/projet Marciac\" "
                     "or \"/projet skatepark\".",
    "project_no_match": "No proposal matches \"{text}\". Try a reference "
                        "(\"/projet {example}\"), a commune or another word.",
    "project_matches_one": "🔎 {count} proposal matches \"{text}\":",
    "project_matches_other": "🔎 {count} proposals match \"{text}\":",
    "project_more": "Only the first {shown} are shown: narrow the search.",
    "queue_empty": "✅ No proposal is waiting for a decision.",
    "queue_header_one": "⏳ <b>{count} proposal is waiting for a decision</b> "
                        "(page {page}/{pages}, oldest first)",
    "queue_header_other": "⏳ <b>{count} proposals are waiting for a decision</b> "
                          "(page {page}/{pages}, oldest first)",
    "queue_line": "{number}. <b>{reference}</b> {title} — {commune} — {cost} "
                  "(submitted {day}) {status}",
    "queue_hint": "Tap a reference to show the proposal with its decision buttons, or type "
                  "\"/projet REFERENCE\".",
    "withdrawn_line": "🗑 <b>Withdrawn by its author</b> before review.",
    "withdrawn_notice": "🗑 Proposal {reference} was withdrawn by its author before review.",
    "already_withdrawn": "This proposal was withdrawn by its author.",
    "outcome_admissible": "✅ Good news: your project <b>{reference}</b> “{title}” is "
                          "eligible. It will go to the vote.",
    "outcome_inadmissible": "Your project <b>{reference}</b> “{title}” could not be "
                            "accepted.\nReason: {note}\nThank you for taking part.",
    "outcome_changes_requested": "✏️ The team is asking for changes to your project "
                                 "<b>{reference}</b> “{title}”:\n<i>{note}</i>",
    "outcome_duplicate": "Your project <b>{reference}</b> “{title}” is being joined with "
                         "the very similar project <b>{original}</b>. They will be "
                         "reviewed together.",
    "staff_help": "👥 <b>Staff commands</b>\n• /stats: the figures\n"
                  "• /examen: the proposals waiting for a decision\n"
                  "• /projet BP-2026-0042 (or a commune, a word): find a proposal\n"
                  "• /modifier BP-2026-0042 cost 18000: correct title, cost, commune or theme\n"
                  "• /phase NAME: change phase (proposals, review, vote, results, closed, "
                  "auto)\n• /papier 12 15 23: enter a paper ballot (when the ballot has a "
                  "“your territory” part, add the voter's commune if the ticked projects do not "
                  "tell it: /papier commune=Auch 12 15 23)\n"
                  "• /urne NAME 12=40 15=33: totals of a counted ballot box\n"
                  "• /retirer urne NAME, /retirer papier ID: withdraw an entry made by mistake\n"
                  "• /resultats: draft results, then publication\n"
                  "• /suivi BP-2026-0042: progress of a winning project\n"
                  "Decisions are taken with the buttons under each proposal.",
    "stats_header": "📊 Phase: <b>{phase}</b>\nProposals: <b>{total}</b>",
    "stats_line": "• {label}: {count}",
    "phase_usage": "Current phase: {phase}. Type /phase followed by: proposals, review, vote, "
                   "results, closed, or auto (follow the calendar). For example \"/phase vote\".",
    "phase_set": "Phase changed: <b>{phase}</b> (by {who}).",
    "phase_kept": "Nothing changed: we stay in the \"{phase}\" phase.",
    "stats_waiting_zero": "⏳ No proposal is waiting for a decision.",
    "stats_waiting_one": "⏳ {count} proposal is waiting for a decision: /examen",
    "stats_waiting_other": "⏳ {count} proposals are waiting for a decision: /examen",
    "vote_open_confirm": "🗳 Open the vote now? {projects} on the ballot. Subscribers will be "
                         "told, and the ballot can no longer change.",
    "ballot_projects_one": "{count} project",
    "ballot_projects_other": "{count} projects",
    "vote_already_open": "The vote is already open.",
    "vote_not_ready": "⛔ The vote cannot open: {why}. Find more proposals admissible "
                      "(/examen), then try again.",
    "vote_blocked_by_calendar": "⚠️ The calendar opens the vote, but {why}. I told no one, and "
                                "whoever wants to vote is asked to come back later. Find more "
                                "proposals admissible (/examen): the announcement goes out as "
                                "soon as the ballot is complete.",
    "vote_needs": "the ballot asks voters to choose {needs}, and {have}",
    "ballot_needs_one": "{count} project",
    "ballot_needs_other": "{count} projects",
    "admissible_count_zero": "no proposal is admissible",
    "admissible_count_one": "only one proposal is admissible",
    "admissible_count_other": "only {count} proposals are admissible",
    "cheapest_over_one": "the cheapest admissible project already costs {amount}, more than "
                         "the {limit} a ballot allows",
    "cheapest_over_other": "the {count} cheapest admissible projects already cost {amount}, "
                           "more than the {limit} a ballot allows",
    "vote_waiting_one": "⚠️ {count} proposal is still waiting for a decision: it will not be "
                        "on the ballot.",
    "vote_waiting_other": "⚠️ {count} proposals are still waiting for a decision: they will "
                          "not be on the ballot.",
    # vote
    "btn_declare": "✋ I declare it on my honour",
    "btn_share_phone": "📱 Share my number",
    "btn_resend": "🔁 New code",
    "btn_other_number": "📞 Another number",
    "btn_filter_theme": "🏷 Theme",
    "btn_filter_territory": "📍 Canton",
    "btn_review": "✅ Confirm my choice",
    "btn_all": "All",
    "btn_back_to_ballot": "⬅️ Back to the ballot",
    "btn_confirm_vote": "🗳 Cast my vote (final)",
    "btn_change_vote": "✏️ Change my choice",
    "vote_account_already": "🗳 This Telegram account has already voted. Thank you for taking "
                            "part!",
    "vote_privacy": "🔒 <b>Your data</b>: to make sure one person = one vote, we keep an "
                    "encrypted fingerprint of your phone number (never the number itself) and "
                    "your town. Your ballot is secret: it is stored apart, with no link to you, "
                    "so it can no longer be erased once cast. The list of voters is deleted "
                    "{retention} days after the results. Questions: {contact}. You can also "
                    "vote on paper at the town hall.",
    "vote_declare": "To vote, you must meet these conditions:\n{conditions}\n\n"
                    "Do you declare so on your honour?",
    "declare_residence": "live {in_department}",
    "declare_age": "be at least {age} years old",
    "vote_ask_residence": "Which <b>town or village do you live in</b>? For example {example}.",
    "vote_ask_phone": "📱 What is your <b>mobile number</b>? I will text you a code. Type it, "
                      "for example “06 12 34 56 78”.",
    "vote_phone_button_hint": "Or tap “📱 Share my number” at the bottom of the screen.",
    "vote_contact_not_own": "This contact is not yours. Tap “📱 Share my number” or type your "
                            "own number, for example “06 12 34 56 78”.",
    "vote_phone_expected": "Type your mobile number, for example “06 12 34 56 78”.",
    "phone_unparseable": "I don't recognise this number. Type a mobile number, for example "
                         "“06 12 34 56 78” or “+33 6 12 34 56 78”.",
    "phone_invalid": "This number does not exist. Please check it, for example “06 12 34 56 78”.",
    "phone_too_short": "This number seems incomplete: a French mobile has 10 digits, for example “06 12 34 56 78”.",
    "phone_not_a_mobile": "This is a landline: a mobile is needed to receive the text, for "
                          "example “06 12 34 56 78”. Without a mobile, you can vote on paper at "
                          "the town hall.",
    "phone_region_not_allowed": "Only French mobile numbers are accepted, for example "
                                "“06 12 34 56 78”.",
    # Voting by plain SMS (flows/dialogues/sms): plain text, no HTML, short (160 per SMS).
    "smsv_help": "{name}. LIST: the projects. PROJECT 12: one project. VOTE + {count}: vote. RECEIPT + code: check a receipt. STOP: erase your data.",
    "smsv_count_exact": "{n} numbers",
    "smsv_count_range": "{min} to {max} numbers",
    "smsv_list_line": "{number} {title} ({commune}, {cost})",
    "smsv_list_more": "More: LIST {page}",
    "smsv_list_end": "To vote: VOTE {example}",
    "smsv_list_empty": "No project for \"{place}\". Try LIST alone, or LIST Auch.",
    "smsv_no_projects": "No project is on the ballot yet. Please come back a little later.",
    "smsv_project": "{number} {title} - {commune}, {cost}. {description}",
    "smsv_project_unknown": "No project no. {number} on the ballot. LIST gives the numbers.",
    "smsv_project_expected": "Which project? Write for example: PROJECT {example}",
    "smsv_vote_expected": "Write VOTE followed by the numbers of the projects you choose, for example: VOTE {example}",
    "smsv_understood": "You vote for: {lines}.",
    "smsv_confirm": "By replying YES {code} you declare on your honour that you {conditions}, and you vote. Code valid {minutes} min.",
    "smsv_confirm_plain": "Reply YES {code} to confirm. Code valid {minutes} min.",
    "smsv_conditions_joiner": " and ",
    "smsv_ask_commune": "Which commune do you live in? Reply for example: COMMUNE {example}",
    "smsv_commune_unknown": "Commune \"{name}\" not found {in_department}. Example: COMMUNE {example}",
    "smsv_commune_set": "Commune noted: {commune}.",
    "smsv_unknown_number": "no. {number} is not on the ballot",
    "smsv_repeated": "a number is given twice",
    "smsv_too_few": "at least {min} are needed, you give {count}",
    "smsv_too_many": "at most {max} are allowed, you give {count}",
    "smsv_over_amount": "your projects add up to {amount}, over {limit}",
    "smsv_section_territory": "for your area, ",
    "smsv_section_department": "for the departement, ",
    "smsv_ballot_invalid": "Vote not taken: {problem}. Example: VOTE {example}",
    "smsv_code_expected": "Reply YES followed by the code you received, for example: YES 4821",
    "smsv_no_pending": "No vote is waiting for confirmation. First send VOTE followed by your numbers.",
    "smsv_code_expired": "This code is no longer valid. Send VOTE followed by your numbers again to get another one.",
    "smsv_code_wrong": "Wrong code. You have {left} left.",
    "smsv_code_locked": "Too many tries: this code is cancelled. Send VOTE followed by your numbers again.",
    "smsv_cast": "Voted! Your vote is recorded, secret. Receipt: {receipt}. To check it: RECEIPT {receipt}",
    "smsv_already_voted": "This number has already voted. One person, one vote: your first vote counts.",
    "smsv_receipt_found": "Receipt {receipt} is in the ballot box.",
    "smsv_receipt_unknown": "No ballot has the receipt {receipt}. Check the 8 characters.",
    "smsv_receipt_expected": "Write RECEIPT followed by the 8 characters of your receipt, for example: RECEIPT 1A2B3C4D",
    "smsv_stopped": "Done: what we kept of your messages is erased. A vote already cast still counts, with no link to you.",
    "smsv_not_understood": "Message not understood. Example: VOTE {example}. Send HELP for every command.",
    "smsv_phase_closed": "The vote is not open right now. {when}",
    "smsv_vote_from": "It opens on {date}.",
    "smsv_internal_error": "Sorry, a technical problem kept us from reading your message. Please try again in a few minutes.",
    "smsv_vote_over": "It is over.",
    "sms_text": "Participatory budget: your code is {code}. It is valid for {minutes} minutes. "
                "Do not share it.",
    "sms_cooldown": "⏳ A code has just been sent. Wait {seconds} seconds before asking for "
                    "another.",
    "sms_hour_cap": "⏳ Too many codes asked for this number or account. Try again in an hour.",
    "sms_day_cap": "⏳ Too many codes asked today for this number or account. Try again "
                   "tomorrow.",
    "sms_campaign_cap": "😕 Text messages are suspended for today. Try again tomorrow, or vote "
                        "on paper at the town hall.",
    "sms_gateway_failed": "😕 The text could not be sent. It is not your fault: try again in a "
                          "few minutes by giving your number again.",
    "sms_typed_busy": "😕 Too many codes have been asked for numbers typed by hand right now. "
                      "Share your number with the button below instead: your code will go at "
                      "once.",
    "sms_lost": "😕 Sorry: the service restarted while sending your code, and it probably did "
                "not go. It is not your fault, and it does not count against you: you can ask "
                "for a new one right away.",
    "sms_lost_next": "Tap “Vote” to get a new code.",
    "staff_chat_moved": "This group became a supergroup: Telegram gave it a new id. I carry on "
                        "here. Update the campaign file: <code>[staff] chat_id = {chat_id}</code>",
    "number": "no. {n}",
    "box_closed": "Ballot box totals are entered during the vote or just after it, before the "
                  "results are published (current phase: {phase}).",
    "staff_sms_cap": "⚠️ Daily SMS cap reached ({cap}): no more codes are sent today. Check "
                     "that this is not abuse.",
    "staff_sms_typed_day_cap": "⚠️ SMS codes to numbers typed by hand: today's pool is used up. "
                               "This may be SMS pumping. People who share their own number with "
                               "the button still get their code.",
    "staff_sms_typed_hour_cap": "⚠️ SMS codes to numbers typed by hand: too many asked this "
                                "hour, the next ones wait for the next hour. This may be SMS "
                                "pumping. People who share their own number with the button "
                                "still get their code.",
    "staff_sms_figures": "Today:\n"
                         "• texts to typed numbers: {typed} (caps: {typed_cap} a day, "
                         "{hourly_cap} an hour)\n"
                         "• Telegram accounts that asked for them: {accounts}\n"
                         "• requests refused: {refused}\n"
                         "• texts to numbers shared with the button: {contact}; {reserve} "
                         "more possible today",
    "vote_ask_code": "✉️ A 6-digit code was sent to {masked}. Type it here. It is valid for "
                     "{minutes} minutes.",
    "vote_resend_retype": "To get a new code, give your number again (or tap “📱 Share my number”).",
    "vote_code_still_valid": "The code you already received is still valid: you can type it here.",
    "vote_code_expected": "Type the 6 digits of the code you received, for example “123456”.",
    "vote_code_wrong": "❌ That is not the right code. You have {left} left.",
    "tries_one": "{count} try",
    "tries_other": "{count} tries",
    "vote_code_expired": "⌛ This code is no longer valid. Give your number again to get a new "
                         "one.",
    "vote_code_locked": "🔒 Too many attempts. Give your number again to get a new code.",
    "vote_number_already": "🗳 This number has already voted: one person, one vote. Thank you!",
    "vote_verified": "✅ Number verified. Time to vote!",
    "ballot_screen": "🗳 <b>Your ballot</b>\n{standing}\n{filter}\n\n{lines}\n\n"
                     "Tap a project to tick or untick it, ℹ️ for details.",
    "ballot_line": "{mark} <b>no. {number}</b> {title} — {commune} — {cost}",
    "ballot_empty_filter": "No project with this filter.",
    "ballot_size_none": "📄 No project.",
    "ballot_size_single": "📄 1 project.",
    "ballot_size_one_page": "📄 {count} projects, all on this page.",
    "ballot_size_pages": "📄 {count} projects on {pages} pages (◀️ ▶️ to turn the pages).",
    "order_random": "🔀 The projects are shown in an order drawn at random for you, the same "
                    "for as long as your session lasts: none is favoured by its place.",
    "order_reference": "🔢 The projects are shown by number, from the first submitted to the "
                       "last.",
    "order_theme": "🏷 The projects are grouped by theme; within a theme they are in an order "
                   "drawn at random for you: none is favoured by its place.",
    "browse_screen": "🔎 <b>The projects selected</b>\n{count}\n{filter}\n\n{lines}\n\n"
                     "Tap a project for its details and photo.",
    "browse_line": "• <b>no. {number}</b> {title} — {commune} — {cost}{photo}",
    "browse_none": "No project has been selected yet: the team is examining the proposals. "
                   "Come back a little later.",
    "btn_back_to_list": "⬅️ Back to the list",
    "standing_exact": "Choose {max}: {chosen}.",
    "standing_range": "Choose {min} to {max}: {chosen}.",
    "projects_one": "{count} project",
    "projects_other": "{count} projects",
    "chosen_one": "{count} project chosen",
    "chosen_other": "{count} projects chosen",
    "standing_amount": "{spent} of {limit}",
    "section_territory": "Your canton",
    "section_department": "The whole département",
    "filter_on": "🔎 Filter: {filters}",
    "ballot_pick_theme": "Which theme would you like to see?",
    "ballot_pick_territory": "Which canton would you like to see?",
    "ballot_use_buttons": "Please use the ballot's buttons.",
    "ballot_unknown": "Project no. {number} is not on the ballot.",
    "ballot_repeated": "The same project is chosen twice.",
    "ballot_too_few": "You must choose at least {min}; you have chosen {count}.",
    "ballot_too_many": "You cannot choose more than {max}. Untick one first.",
    "ballot_over_amount": "This choice goes over the allowed amount: {amount} for {limit}.",
    "ballot_details": "<b>no. {number} {title}</b>\n{description}\n\n📍 {commune}\n💶 {cost}\n"
                      "🏷 {theme}",
    "review_line": "• no. {number} {title} ({cost})",
    "vote_review": "📋 <b>Your vote</b>\n{lines}\n\n⚠️ Once confirmed, the vote is "
                   "<b>final</b>: it cannot be changed.",
    "review_use_buttons": "Confirm or change your choice with the buttons.",
    "vote_cast": "✅ <b>Voted!</b> Your ballot is in the box.\nYour receipt: <b>{receipt}</b>\n"
                 "It proves your ballot was counted, without saying what you voted for. Your "
                 "choices are no longer shown here: the vote is secret.",
    "ballot_closed": "🗳 Ballot cast. (The choices are no longer shown: the vote is secret.)",
    # privacy
    "data_header": "🔒 <b>What we keep about you</b>\n{items}\n\n"
                   "/oublier erases what can be erased. Questions: {contact}",
    "data_account": "your Telegram id ({user_id}) and your current conversation",
    "data_proposal": "project {reference} “{title}”: name {name}, age {age}, town {commune}",
    "data_subscribed": "an alert when voting opens",
    "data_subscribed_results": "an alert when the results are published",
    "data_following": "news of the projects you follow: {references}",
    "data_challenge": "a pending SMS code (encrypted fingerprint, erased within 10 minutes)",
    "data_voted": "the fact that you voted (encrypted fingerprint of the number; your ballot "
                  "itself is secret and not linked to you)",
    "data_voted_commune": "the town or village you declared to vote: {commune} (to count turnout per place)",
    "data_session": "what you are currently doing",
    "data_order": "the order, drawn at random for you, in which the projects are shown to you",
    "forget_confirm": "Do you want to erase your data? Your projects stay, but without your "
                      "name or age, and I will no longer be able to tell you how they go.",
    "btn_forget_yes": "🗑 Yes, erase",
    "btn_forget_no": "No, keep",
    "forget_kept": "Nothing was erased.",
    "forget_done": "🗑 Erased.",
    "forget_voted": "Your ballot stays in the box: it is anonymous, so it cannot be found to be "
                    "erased. The fingerprint of your number stays on the voter list (to prevent "
                    "a second vote) until the list is deleted after the results.",
    "receipt_usage": "Type /recu followed by your receipt, for example “/recu 3F9A21C4”.",
    "receipt_found": "✅ The ballot with receipt {receipt} is in the box.",
    "receipt_unknown": "I cannot find a ballot with receipt {receipt}. Please check it.",
    # staff, vote
    "stats_sms": "✉️ SMS sent: {sent}, failed: {failed}, refused (cap): {capped}",
    "turnout_line": "🗳 Turnout: {voters}; {paper}; {boxes}.",
    "turnout_voters_one": "<b>{count}</b> voter online",
    "turnout_voters_other": "<b>{count}</b> voters online",
    "turnout_sms_one": "{count} by SMS",
    "turnout_sms_other": "{count} by SMS",
    "turnout_paper_one": "{count} paper ballot",
    "turnout_paper_other": "{count} paper ballots",
    "turnout_blank_void": " ({blank} and {void} among them)",
    "turnout_among": " ({part} among them)",
    "turnout_blank_one": "{count} blank",
    "turnout_blank_other": "{count} blank",
    "turnout_void_one": "{count} void",
    "turnout_void_other": "{count} void",
    "turnout_boxes_one": "{votes} in {count} counted ballot box",
    "turnout_boxes_other": "{votes} in {count} counted ballot boxes",
    "turnout_no_boxes": "no ballot box counted",
    "turnout_votes_one": "{count} vote",
    "turnout_votes_other": "{count} votes",
    "votes_one": "{count} vote",
    "votes_other": "{count} votes",
    "stats_turnout_canton": "📍 Voters per canton:",
    "stats_turnout_commune": "🏘 Voters per town (top 20):",
    "paper_usage": "Paper ballot entry: /papier followed by the numbers or references of the "
                   "ticked projects, for example “/papier 12 15 23” or “/papier BP-2026-0014 "
                   "BP-2026-0015 BP-2026-0023”. Blank ballot: “/papier blank”; void ballot: "
                   "“/papier void”.",
    "paper_bad_parts": "⛔ Ballot not saved: I cannot read {parts}. Give the numbers or "
                       "references of the ticked projects, for example “/papier 12 15 23” or "
                       "“/papier BP-2026-0014 BP-2026-0015 BP-2026-0023”.",
    "paper_invalid": "⛔ Ballot not saved: {problem}",
    "paper_needs_commune": "⛔ Ballot not saved: the ticked projects are in several territories "
                           "({territories}) and I cannot tell which one is the voter's. Add "
                           "their commune, for example “/papier commune=Auch {numbers}”.",
    "paper_unknown_commune": "⛔ Ballot not saved: I cannot find a commune “{text}” in the "
                             "département. Give its name or postcode, for example "
                             "“/papier commune=Auch 12 15 23”.",
    "paper_saved": "✅ Paper ballot saved ({numbers}), entered by {who}. Id: <b>{id}</b>.",
    "paper_blank_saved": "✅ Blank ballot saved, entered by {who}. Id: <b>{id}</b>. It counts in "
                         "the turnout, not in the votes.",
    "paper_void_saved": "✅ Void ballot saved, entered by {who}. Id: <b>{id}</b>. It counts in "
                        "the turnout, not in the votes.",
    "paper_blank_name": "blank ballot",
    "paper_void_name": "void ballot",
    "btn_withdraw_paper": "↩️ Withdraw this ballot",
    "box_usage": "Ballot box totals: /urne NAME number=votes …, for example "
                 "“/urne Mirande town hall 12=40 15=33” (or quoted: "
                 "“/urne \"Mirande town hall\" 12=40 15=33”). Numbers are those on the ballot; "
                 "a reference such as BP-2026-0012=40 works too. Entering a box again replaces "
                 "all of its content.",
    "box_bad_parts_one": "⛔ Box not saved: {parts} does not read number=votes. Nothing was "
                         "saved. Example: “/urne Mirande town hall 12=40 15=33”.",
    "box_bad_parts_other": "⛔ Box not saved: {parts} do not read number=votes. Nothing was "
                           "saved. Example: “/urne Mirande town hall 12=40 15=33”.",
    "box_unknown_projects_one": "⛔ Box not saved: {numbers} is not on the ballot. Nothing was "
                                "saved.",
    "box_unknown_projects_other": "⛔ Box not saved: {numbers} are not on the ballot. Nothing "
                                  "was saved.",
    "withdraw_closed": "Paper entries are withdrawn during the vote or just after, before the "
                       "results are published (current phase: {phase}).",
    "box_saved_one": "✅ Box “{box}” saved by {who}: {count} project, {votes} in all.",
    "box_saved_other": "✅ Box “{box}” saved by {who}: {count} projects, {votes} in all.",
    "box_line": "• no. {number}: {votes}",
    "box_replaced": "It replaces the previous entry. Changes:",
    "box_change": "• no. {number}: {old} → {new}",
    "box_unchanged": "Same content as the previous entry: nothing changed.",
    "box_content": "🗳 Box “{box}”: {votes} in all.",
    "box_list": "🗳 Boxes entered (tap /urne NAME for the detail):",
    "btn_withdraw_box": "↩️ Withdraw this box",
    "withdraw_usage": "To withdraw an entry made by mistake: “/retirer urne Mirande town hall” "
                      "or “/retirer papier P1A2B3C4” (the ballot's id is in its confirmation).",
    "withdraw_paper_done": "↩️ Paper ballot {id} ({what}) withdrawn by {who}.",
    "withdraw_paper_unknown": "I find no paper ballot {id}: it may have been withdrawn already. "
                              "Check the id in its confirmation, for example “/retirer papier "
                              "P1A2B3C4”.",
    "withdraw_box_done": "↩️ Box “{box}” withdrawn by {who} ({votes} fewer).",
    "withdraw_box_unknown": "I find no box “{box}”. Tap /urne for the list.",
    "withdraw_box_gone": "This entry has since been withdrawn or replaced: nothing was "
                         "withdrawn. Tap /urne for the boxes.",
    "vote_open_notice": "🗳 Voting for the <b>{campaign}</b> is open! Tap /voter to choose "
                        "your projects.",
    "notice_queued": "📣 Voting-open notice sent. People told: {count}.",
    "vote_reminder": "⏰ Voting for the <b>{campaign}</b> ends on {date}. If you have not voted yet, tap /voter to choose your projects.",
    "vote_reminder_unfinished": "⏰ You started voting for the <b>{campaign}</b> but did not cast your ballot. Voting ends on {date}: tap /voter to finish.",
    "reminder_queued": "⏰ End-of-vote reminder sent. People told: {count}.",
    # results
    "results_title_draft": "📝 <b>Draft results</b> — {name}\n"
                           "<i>For the team only, not published yet.</i>",
    "results_title": "🏆 <b>Results</b> — {name}",
    "results_summary_one": "{count} project funded for {spent} out of {total} ({left} left).",
    "results_summary_other": "{count} projects funded for {spent} out of {total} ({left} left).",
    "results_stage": "• {label}: {spent} spent out of an envelope of {amount}",
    "results_stage_carried": "• {label}: {spent} spent out of an envelope of {amount}, plus "
                             "{carried} rolled over from earlier stages",
    "results_stage_only_carried": "• {label}: {spent} spent out of the {carried} rolled over "
                                  "from earlier stages",
    "results_stage_charged": "• {label}: {spent} spent, taken from the envelope of each "
                             "project's cost band",
    "results_winners": "✅ <b>Funded projects</b>",
    "results_others": "▫️ <b>Other projects</b>",
    "results_none": "No project was put to the vote.",
    "results_line": "<b>{reference}</b> {title} — {votes}, {cost}",
    "results_reason_in_stage": "   ↳ {stage}: {reason}",
    "results_reason_alone": "   ↳ {reason}",
    "results_kind_greedy": "By votes",
    "results_kind_top_per_territory": "Top of each territory",
    "results_kind_per_territory": "Envelope per territory",
    "results_kind_at_least_one_per_territory": "At least one project per territory",
    "results_kind_equal_shares": "Equal shares",
    "results_reason_funded_by_votes": "ranked {rank} by votes",
    "results_reason_top_of_territory": "top of {territory}",
    "results_reason_funded_in_territory": "ranked {rank} by votes in {territory}",
    "results_reason_guaranteed_for_territory": "top of {territory} (at least one project "
                                               "per territory)",
    "results_reason_funded_by_equal_shares": "paid for by its supporters' shares",
    "results_reason_did_not_fit": "did not fit: {left} left",
    "results_reason_below_min_votes": "at least {min} needed",
    "results_reason_stopped": "counting stopped at the first project that did not fit",
    "results_reason_not_enough_support": "too few supporters to pay for it",
    "results_reason_not_top_of_territory": "not the top of {territory}",
    "results_reason_no_territory": "commune in no known territory",
    "results_reason_not_in_any_stage": "in no funded category",
    "results_chart_votes": "Votes",
    "results_chart_won": "Funded",
    "results_chart_lost": "Not funded",
    "results_chart_budget": "Budget {budget} · spent {spent}",
    "results_chart_draft": "DRAFT, not yet published",
    "results_chart_draft_mark": "DRAFT",
    "results_chart_more": "… and {count} more projects",
    # publication
    "results_chart_caption_draft": "📝 Draft, not yet published — {name}: projects by number "
                                   "of votes",
    "results_hidden_during_vote": "🗳 The vote is still open: votes per project stay hidden "
                                  "until it closes, so as not to sway voters. Move to the "
                                  "results phase to see them (/phase results).\n{turnout}",
    "results_chart_caption": "📊 {name}: projects by number of votes",
    "results_publish_prompt": "This is the draft of the results. Check it, then publish it: residents will see it with /resultats and subscribers will be told.",
    "btn_publish": "📢 Publish the results",
    "btn_publish_confirm": "📢 Yes, publish",
    "results_publish_confirm": "📢 Publish the results? This is final: residents will see them "
                               "with /resultats and subscribers will be told.",
    "results_not_published": "Nothing was published.",
    "results_already_published": "The results are published ({when}).",
    "results_published_staff": "Results published.",
    "results_out_notice": "🏆 The results of the <b>{name}</b> are out! Tap /resultats to see them.",
    "results_published_done": "📢 Results published by {who}. People told: {count}.",
    "results_not_yet": "The results are not published yet. Tap “🔔 Tell me the results” to get them here as soon as they are out.",
    "btn_notify_results": "🔔 Tell me the results",
    "notify_results_added": "🔔 Noted: I will tell you when the results are published.",
    "results_publish_too_early": "Results are not published before the vote ends: switch to the results phase (/phase results) or wait for its date.",
    "ballot_no_projects": "No project is on the ballot yet. Please come back a little later: the team is finishing it.",
}
