"""French texts (the default). Values in braces are HTML-escaped when filled in."""

MESSAGES: dict[str, str] = {
    # buttons
    "btn_back": "⬅️ Retour",
    "btn_cancel": "✖️ Annuler",
    "btn_yes": "✅ Oui",
    "btn_no": "❌ Non",
    "btn_skip_photo": "Pas de photo",
    "btn_share_location": "📍 Envoyer ma position",
    "btn_submit": "📨 Envoyer ma proposition",
    "btn_propose": "💡 Proposer un projet",
    "btn_mine": "📋 Mes projets",
    "btn_notify_vote": "🔔 Me prévenir quand le vote ouvre",
    "btn_vote": "🗳 Voter",
    "btn_results": "🏆 Résultats",
    "btn_help": "❓ Aide",
    "btn_resume": "▶️ Reprendre où j'en étais",
    "btn_restart": "🏠 Revenir au menu",
    "btn_fix": "✏️ Modifier mon projet",
    "btn_admissible": "✅ Recevable",
    "btn_inadmissible": "⛔ Non recevable",
    "btn_changes": "✏️ Demander des modifications",
    "btn_duplicate": "👯 Doublon",
    "btn_other_reason": "✍️ Autre motif",
    # menu and help
    "welcome": "Bonjour {name} 👋\nBienvenue sur le <b>{campaign}</b>.\n"
               "Phase en cours : <b>{phase}</b>.\n\nQue souhaitez-vous faire ?",
    "menu": "<b>{campaign}</b> — phase en cours : <b>{phase}</b>.\nQue souhaitez-vous faire ?",
    "phase_proposals": "dépôt des projets",
    "phase_review": "étude des projets",
    "phase_vote": "vote",
    "phase_results": "résultats",
    "phase_closed": "pas de phase en cours",
    "resume_offer": "Vous aviez commencé une démarche. Voulez-vous la reprendre ?",
    "help": "ℹ️ <b>{campaign}</b>\nJe vous aide à proposer un projet pour votre département, "
            "puis à suivre son examen et à voter.\n\n"
            "• /start : le menu\n• /proposer : proposer un projet\n"
            "• /mesprojets : vos projets et leur état\n• /annuler : tout arrêter\n"
            "• /aide : cette aide\n\nÀ chaque question, répondez par un message ou "
            "touchez un bouton. « ⬅️ Retour » revient à la question précédente.",
    "help_in_flow": "ℹ️ Répondez à la dernière question ci-dessous. "
                    "« ⬅️ Retour » revient en arrière, /annuler arrête tout. "
                    "Vos réponses sont gardées : vous pouvez reprendre plus tard avec /start.",
    "help_step_commune": "ℹ️ Écrivez le nom de la commune (même approximatif) ou son code "
                         "postal, ou touchez « 📍 Envoyer ma position » si vous y êtes.",
    "help_step_cost": "ℹ️ Donnez une estimation en euros, par exemple « 15 000 € » ou « 15k ». "
                      "Un ordre de grandeur suffit : l'équipe du Département l'affinera.",
    "internal_error": "😕 Désolé, un problème technique est survenu. Vos réponses précédentes "
                      "sont gardées : réessayez dans un instant ou tapez /start.",
    "cancelled": "C'est annulé. Rien n'a été envoyé.",
    "nothing_to_cancel": "Il n'y a rien en cours.",
    "not_understood": "Je n'ai pas compris 🙂 Touchez un bouton ci-dessous.",
    "unknown_command": "Je ne connais pas la commande /{command}. Voici ce que vous pouvez faire :",
    "wrong_phase": "Ce n'est pas possible maintenant : il faut être en phase « {wanted} », "
                   "et nous sommes en phase « {phase} ».",
    "stale_button": "Ce bouton n'est plus valable : répondez au dernier message.",
    "already_taken": "C'est déjà pris en compte 👍",
    "notify_added": "🔔 C'est noté : je vous préviendrai dès l'ouverture du vote.",
    "notify_already": "🔔 Vous serez déjà prévenu(e) à l'ouverture du vote.",
    # bad input
    "unsupported": "Je ne peux pas lire ce type de message. Répondez par écrit ou avec un bouton.",
    "unsupported_sticker": "Joli autocollant 🙂 mais il me faut une réponse écrite ou un bouton.",
    "unsupported_voice": "Je ne peux pas écouter les messages vocaux. Merci d'écrire votre "
                         "réponse.",
    "unsupported_video": "Je ne peux pas utiliser de vidéo. Merci d'écrire votre réponse.",
    "unsupported_document": "Je ne peux pas utiliser de fichier. Pour une image, envoyez-la "
                            "comme photo ; sinon écrivez votre réponse.",
    "unexpected_contact": "Je n'ai pas besoin de numéro de téléphone à cette étape.",
    "expected_text": "Il me faut une réponse écrite. Par exemple : {example}",
    "expected_button": "Choisissez une des propositions en touchant un bouton.",
    "expected_yes_no": "Répondez « Oui » ou « Non » avec les boutons.",
    "expected_photo": "Envoyez une photo (📎 puis Photo), ou touchez « Pas de photo ».",
    "expected_summary_button": "Votre proposition est prête : touchez « 📨 Envoyer ma "
                               "proposition » ou un bouton pour modifier un élément.",
    "text_too_short": "C'est un peu court (au moins {minimum} caractères). "
                      "Par exemple : {example}",
    "text_too_long": "C'est trop long : {length} caractères, pour {limit} au maximum. "
                     "Pouvez-vous raccourcir ?",
    "example_title": "« Un abri vélo couvert devant la médiathèque »",
    "example_description": "« Installer un abri pour 10 vélos devant la médiathèque, pour que "
                           "les collégiens puissent venir à vélo. »",
    "example_name": "« Marie Dupont » ou « Association Les Amis du Lavoir »",
    # proposal steps
    "propose_intro": "💡 Proposer un projet pour le <b>{name}</b>.\nJe vais vous poser "
                     "quelques questions courtes. Vous pourrez tout relire avant d'envoyer.",
    "ask_title": "1️⃣ Quel est le <b>titre</b> de votre projet ? "
                 "(une phrase courte, {limit} caractères au plus)",
    "ask_description": "2️⃣ <b>Décrivez</b> votre projet : ce que vous voulez faire, où, et pour "
                       "qui. ({limit} caractères au plus)",
    "ask_theme": "3️⃣ Dans quel <b>thème</b> entre votre projet ?",
    "ask_commune": "4️⃣ Dans quelle <b>commune</b> se trouve le projet ?\n"
                   "Écrivez son nom ou son code postal, par exemple {example}.",
    "location_hint": "📍 Ou touchez « Envoyer ma position » en bas de l'écran.",
    "commune_set": "📍 Commune : <b>{commune}</b>",
    "commune_choose": "Plusieurs communes correspondent. Laquelle est la bonne ?",
    "commune_not_found": "Je ne trouve pas de commune « {text} » dans le département. "
                         "Vérifiez l'orthographe ou donnez le code postal, par exemple {example}.",
    "commune_outside": "{commune} est dans le département {other}, pas dans le département "
                       "{department}. Le projet doit se situer dans le département {department}.",
    "commune_outside_residence": "{commune} est dans le département {other}. Pour proposer un "
                                 "projet, il faut habiter le département {department}.",
    "expected_commune": "Écrivez le nom de la commune ou son code postal, par exemple {example}.",
    "location_outside": "Cette position n'est pas dans le département {department}. "
                        "Écrivez plutôt le nom de la commune.",
    "ask_cost": "5️⃣ Quel est le <b>coût estimé</b> du projet, en euros ?\n"
                "Entre {min} et {max}. Par exemple : « 15 000 € » ou « 15k ».",
    "cost_not_understood": "Je n'ai pas compris ce montant. Écrivez un nombre en euros, "
                           "par exemple « 15 000 € », « 15k » ou « 2 500,50 ».",
    "ask_question": "❓ Question {number}/{total} : {question}",
    "ask_photo": "📷 Voulez-vous ajouter une <b>photo</b> (du lieu, d'un croquis...) ? "
                 "Envoyez-la maintenant, ou touchez « Pas de photo ».",
    "ask_kind": "👤 Vous proposez ce projet en tant que :",
    "kind_person": "Particulier",
    "kind_association": "Association",
    "kind_local_authority": "Collectivité (mairie...)",
    "ask_name_person": "Quel est votre <b>nom</b> ? (prénom et nom)",
    "ask_name_group": "Quel est le <b>nom</b> de la structure ?",
    "ask_age": "Quel est votre <b>âge</b> ? (un nombre, par exemple 42)",
    "age_not_understood": "Écrivez votre âge en chiffres, par exemple « 42 ».",
    "ask_residence_person": "Dans quelle <b>commune habitez-vous</b> ? Par exemple {example}.",
    "ask_residence_group": "Dans quelle <b>commune</b> la structure a-t-elle son siège ? "
                           "Par exemple {example}.",
    "summary": "📝 <b>Votre proposition</b>\n\n{details}\n\n"
               "Tout est juste ? Touchez « 📨 Envoyer ma proposition », "
               "ou un bouton pour modifier un élément.",
    "submitted": "✅ Merci ! Votre proposition est enregistrée sous la référence "
                 "<b>{reference}</b>.\nL'équipe du Département va l'étudier ; je vous "
                 "préviendrai ici. Suivez-la avec /mesprojets.",
    "fix_intro": "✏️ Projet <b>{reference}</b> : l'équipe demande des modifications :\n"
                 "<i>{note}</i>\nModifiez ce qu'il faut puis renvoyez-le.",
    "fix_not_needed": "Ce projet n'attend pas de modification.",
    # rules
    "rule_cost": "⚠️ Règle du coût : le projet doit coûter entre {min} et {max}. "
                 "Vous avez indiqué {cost}. Donnez un autre montant, par exemple « 15 000 € ».",
    "rule_question": "⚠️ Ce projet ne peut pas être retenu ainsi : {explanation}\n"
                     "Si vous vous êtes trompé(e), répondez de nouveau ; sinon /annuler.",
    "rule_age": "⚠️ Il faut avoir au moins {min_age} ans pour proposer un projet. "
                "Un adulte peut le proposer pour vous.",
    "rule_place": "⚠️ Le projet doit se situer dans le département {department}.",
    "rule_residence": "⚠️ Pour proposer un projet, il faut habiter le département {department}.",
    "rule_missing": "⚠️ Il manque une réponse : {field}.",
    # fields
    "field_title": "Titre",
    "field_description": "Description",
    "field_theme": "Thème",
    "field_commune": "Commune",
    "field_cost": "Coût",
    "field_photo": "Photo",
    "field_answers": "Réponses",
    "field_proposer_kind": "Vous êtes",
    "field_proposer_name": "Nom",
    "field_proposer_age": "Âge",
    "field_proposer_commune": "Résidence",
    "canton": "canton",
    "yes": "oui",
    "no": "non",
    "years": "ans",
    # statuses
    "status_submitted": "⏳ en cours d'examen",
    "status_admissible": "✅ recevable",
    "status_inadmissible": "⛔ non recevable",
    "status_changes_requested": "✏️ modifications demandées",
    "status_duplicate": "👯 doublon",
    "mine_empty": "Vous n'avez pas encore proposé de projet.",
    "mine_header": "📋 Vos projets ({count}) :",
    "mine_line": "<b>{reference}</b> — {title}\n{status}",
    # staff
    "alert_new": "🆕 <b>Nouvelle proposition {reference}</b> (utilisateur {user_id})\n\n{details}",
    "alert_resubmitted": "🔁 <b>Proposition modifiée {reference}</b> (utilisateur {user_id})\n\n"
                         "{details}",
    "alert_photo": "📷 Photo jointe à {reference}",
    "staff_only": "Désolé, seule l'équipe du budget participatif peut faire cela.",
    "already_decided": "Déjà décidé par {who}.",
    "pick_reason": "⛔ Choisissez le motif :",
    "type_rt": "{name}, écrivez le motif de refus de {reference} dans votre prochain message.",
    "type_chg": "{name}, écrivez les modifications demandées pour {reference} dans votre "
                "prochain message.",
    "type_dup": "{name}, écrivez la référence du projet dont {reference} est le doublon "
                "(par exemple 12 ou BP-2026-0012).",
    "duplicate_unknown": "Je ne trouve pas le projet « {text} ». Donnez sa référence, "
                         "par exemple {example}.",
    "decision_saved": "Décision enregistrée.",
    "decided_line": "➡️ <b>{status}</b> — décidé par {who}",
    "outcome_admissible": "✅ Bonne nouvelle : votre projet <b>{reference}</b> « {title} » est "
                          "recevable. Il sera soumis au vote.",
    "outcome_inadmissible": "Votre projet <b>{reference}</b> « {title} » n'a pas pu être "
                            "retenu.\nMotif : {note}\nMerci pour votre participation.",
    "outcome_changes_requested": "✏️ L'équipe demande des modifications sur votre projet "
                                 "<b>{reference}</b> « {title} » :\n<i>{note}</i>",
    "outcome_duplicate": "Votre projet <b>{reference}</b> « {title} » rejoint le projet "
                         "<b>{original}</b>, très proche. Il sera étudié avec lui.",
    "staff_help": "👥 <b>Commandes de l'équipe</b>\n• /stats : les chiffres\n"
                  "• /phase NOM : changer de phase (proposals, review, vote, results, closed, "
                  "auto)\nLes décisions se prennent avec les boutons sous chaque proposition.",
    "stats_header": "📊 Phase : <b>{phase}</b>\nPropositions : <b>{total}</b>",
    "stats_line": "• {label} : {count}",
    "phase_usage": "Phase actuelle : {phase}. Utilisation : /phase NOM, NOM parmi {choices}.",
    "phase_set": "Phase changée : <b>{phase}</b> (par {who}).",
    # results
    "results_title_draft": "📝 <b>Résultats provisoires</b> — {name}\n"
                           "<i>Brouillon pour l'équipe, pas encore publié.</i>",
    "results_title": "🏆 <b>Résultats</b> — {name}",
    "results_summary": "{count} projet(s) retenu(s) pour {spent} sur {total} (reste {left}).",
    "results_stage": "• {label} : {spent} dépensés sur {available}",
    "results_winners": "✅ <b>Projets retenus</b>",
    "results_others": "▫️ <b>Autres projets</b>",
    "results_none": "Aucun projet n'a été soumis au vote.",
    "results_line": "<b>{reference}</b> {title} — {votes}, {cost}",
    "results_vote_one": "{count} voix",
    "results_votes": "{count} voix",
    "results_reason_in_stage": "   ↳ {stage} : {reason}",
    "results_reason_alone": "   ↳ {reason}",
    "results_kind_greedy": "Par les voix",
    "results_kind_top_per_territory": "En tête de chaque territoire",
    "results_kind_per_territory": "Enveloppe par territoire",
    "results_kind_at_least_one_per_territory": "Au moins un projet par territoire",
    "results_kind_equal_shares": "Parts égales",
    "results_reason_funded_by_votes": "rang {rank} aux voix",
    "results_reason_top_of_territory": "en tête à {territory}",
    "results_reason_funded_in_territory": "rang {rank} aux voix à {territory}",
    "results_reason_guaranteed_for_territory": "premier à {territory} (au moins un projet "
                                               "par territoire)",
    "results_reason_funded_by_equal_shares": "financé par la part de ses soutiens",
    "results_reason_did_not_fit": "ne rentre pas : il restait {left}",
    "results_reason_below_min_votes": "moins de {min} voix",
    "results_reason_stopped": "décompte arrêté au premier projet qui ne rentrait pas",
    "results_reason_not_enough_support": "trop peu de soutiens pour le financer",
    "results_reason_not_top_of_territory": "pas en tête à {territory}",
    "results_reason_no_territory": "commune hors des territoires connus",
    "results_reason_not_in_any_stage": "hors des catégories financées",
    "results_chart_votes": "Voix",
    "results_chart_won": "Retenu",
    "results_chart_lost": "Non retenu",
    "results_chart_budget": "Budget {budget} · dépensé {spent}",
    "results_chart_cumulative": "Coût cumulé des projets retenus",
    "results_chart_more": "… et {count} autres projets",
}
