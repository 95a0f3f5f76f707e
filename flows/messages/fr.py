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
    "btn_projects": "🔎 Voir les projets",
    "btn_resume": "▶️ Reprendre où j'en étais",
    "btn_restart": "🏠 Revenir au menu",
    "btn_fix": "✏️ Modifier mon projet",
    "btn_admissible": "✅ Recevable",
    "btn_inadmissible": "⛔ Non recevable",
    "btn_changes": "✏️ Demander des modifications",
    "btn_duplicate": "👯 Doublon",
    "btn_other_reason": "✍️ Autre motif",
    "btn_confirm_refusal": "⛔ Confirmer le refus",
    "btn_reopen": "🔄 Rouvrir",
    "btn_edit_proposal": "✏️ Modifier",
    "btn_previous": "◀️ Précédentes",
    "btn_next": "Suivantes ▶️",
    "btn_open_vote": "🗳 Ouvrir le vote",
    # several campaigns on one bot (flows/dialogues/campaign_choice.py)
    "campaign_ask": "Bonjour {name} 👋\nPlusieurs budgets participatifs sont ouverts en ce moment. Lequel vous intéresse ?\n\nVous pouvez aussi m'écrire le nom de votre commune.",
    "campaign_list": "Voici les budgets participatifs que je suis. Lequel voulez-vous ouvrir ?",
    "campaign_list_current": "Vous êtes sur le <b>{campaign}</b>.\nVoici les budgets participatifs que je suis. Lequel voulez-vous ouvrir ?",
    "campaign_unknown_link": "Ce lien ne mène à aucun budget participatif que je connaisse. Choisissez parmi ceux-ci :",
    "campaign_of_commune": "{commune} participe au <b>{campaign}</b>. C'est bien celui-là ?",
    "campaign_no_commune": "Je ne connais pas de budget participatif ouvert pour {commune}. Choisissez parmi ceux-ci :",
    "btn_campaign": "👉 {campaign}",
    "btn_campaign_current": "✓ {campaign}",
    "btn_campaign_closed": "{campaign} (terminé)",
    "btn_campaign_others": "📋 Voir tous les budgets participatifs",
    "btn_campaign_future": "🔔 Me prévenir du prochain budget participatif",
    "campaign_future_added": "🔔 C'est noté : je vous préviendrai quand un nouveau budget participatif ouvrira.",
    "campaign_future_already": "🔔 C'est déjà noté : je vous préviendrai quand un nouveau budget participatif ouvrira.",
    "campaign_opened_proposals": "📣 Un nouveau budget participatif commence : le <b>{campaign}</b>. Le dépôt des projets est ouvert, vous pouvez proposer le vôtre.",
    "campaign_opened_vote": "📣 Le vote est ouvert pour le <b>{campaign}</b> : venez choisir vos projets préférés.",
    # menu and help
    "welcome": "Bonjour {name} 👋\nBienvenue sur le <b>{campaign}</b>.\n{status}\n\nQue souhaitez-vous faire ?",
    "menu": "<b>{campaign}</b>\n{status}\nQue souhaitez-vous faire ?",
    "phase_proposals": "dépôt des projets",
    "phase_review": "étude des projets",
    "phase_vote": "vote",
    "phase_results": "résultats",
    "phase_closed": "pas de phase en cours",
    "status_proposals_until": "💡 Vous pouvez proposer un projet jusqu'au {date}.",
    "status_proposals": "💡 Vous pouvez proposer un projet.",
    "status_review_until": "🔎 Les projets proposés sont à l'étude. Le vote ouvre le {date}.",
    "status_review": "🔎 Les projets proposés sont à l'étude.",
    "status_vote_until": "🗳 Le vote est ouvert jusqu'au {date}.",
    "status_vote": "🗳 Le vote est ouvert.",
    "status_results": "🏆 Le vote est terminé.",
    "status_closed_until": "Le dépôt des projets ouvre le {date}.",
    "status_closed": "Le budget participatif est terminé. Merci à toutes et à tous !",
    "resume_offer": "Vous aviez commencé une démarche. Voulez-vous la reprendre ?",
    "help": "ℹ️ <b>{campaign}</b>\nJe vous aide à proposer un projet pour votre département, "
            "puis à suivre son examen et à voter.\n\n"
            "• /start : le menu\n• /proposer : proposer un projet\n"
            "• /mesprojets : vos projets et leur état\n• /voter : voter (pendant le vote)\n"
            "• /projets : les projets retenus\n• /resultats : les résultats\n"
            "• /realisations : les projets lauréats et leur avancement\n• /mesdonnees, /oublier : vos données\n"
            "• /annuler : tout arrêter\n"
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
    "vote_opens_on": "🗳 Le vote ouvre le {date}.",
    "vote_closed_on": "🗳 Le vote est terminé depuis le {date}.",
    "vote_not_open": "🗳 Le vote n'est pas ouvert en ce moment.",
    "proposals_open_on": "💡 Le dépôt des projets ouvre le {date}.",
    "proposals_closed_on": "💡 Le dépôt des projets est terminé depuis le {date}.",
    "proposals_not_open": "💡 On ne peut pas proposer de projet en ce moment.",
    "stale_button": "Ce bouton n'est plus valable : répondez au dernier message.",
    "already_taken": "C'est déjà pris en compte 👍",
    "notify_added": "🔔 C'est noté : je vous préviendrai dès l'ouverture du vote.",
    "notify_already": "🔔 C'est déjà noté : je vous préviendrai à l'ouverture du vote.",
    "notify_results_already": "🔔 C'est déjà noté : je vous préviendrai à la publication des résultats.",
    # following the winners (/realisations, /suivi)
    "progress_stage_study": "📐 Études",
    "progress_stage_procurement": "📝 Appel d'offres",
    "progress_stage_works": "🚧 Travaux",
    "progress_stage_done": "✅ Réalisé",
    "progress_stage_on_hold": "⏸ En pause",
    "progress_usage": "Écrivez /suivi suivi de la référence d'un projet lauréat, par exemple "
                      "« /suivi {example} ». Ajoutez « corriger » pour corriger sa dernière "
                      "nouvelle.",
    "progress_unknown": "Je ne trouve pas le projet « {text} ». Vérifiez la référence, par "
                        "exemple « /suivi {example} ».",
    "progress_not_published": "Le suivi des réalisations commence une fois les résultats "
                              "publiés (/resultats).",
    "progress_not_winner": "Le projet <b>{reference}</b> « {title} » n'a pas été retenu par le "
                           "vote : on ne suit que les projets lauréats.",
    "progress_last_none": "aucune pour l'instant",
    "progress_last": "{stage} — {percent} % (le {day}, par {who}) : « {note} »",
    "progress_ask_stage": "🏗 Suivi de <b>{reference}</b> « {title} »\nDernière nouvelle : "
                          "{last}\n\nÀ quelle étape en est le projet ?",
    "progress_ask_stage_fix": "✏️ Correction de la dernière nouvelle de <b>{reference}</b> "
                              "« {title} » :\n{last}\n\nElle sera remplacée par celle que vous "
                              "allez saisir, et les personnes prévenues le sauront. À quelle "
                              "étape en est le projet ?",
    "progress_nothing_to_fix": "Le projet <b>{reference}</b> n'a encore aucune nouvelle à "
                               "corriger.",
    "progress_ask_percent": "{stage} : où en est le projet, en pourcentage ? Écrivez un nombre "
                            "de 0 à 100 (par exemple « 40 ») ou touchez un bouton.",
    "progress_bad_percent": "Je n'ai pas compris « {text} » : il me faut un nombre entier de 0 à "
                            "100, par exemple « 40 » pour 40 %.",
    "progress_ask_note": "Une courte nouvelle pour les habitants, de {min} à {max} caractères, "
                         "par exemple « Le chantier a démarré, fin prévue en juin ».",
    "progress_bad_note": "Il me faut une nouvelle de {min} à {max} caractères (la vôtre en fait "
                         "{length}). Par exemple « Le chantier a démarré, fin prévue en juin ».",
    "progress_text_expected": "J'attends ici un texte, pas une photo : la photo vient juste "
                              "après.",
    "progress_ask_photo": "📷 Une photo du projet ? Envoyez-la ici, ou touchez « Sans photo ».",
    "progress_photo_expected": "J'attends une photo (envoyée comme image), ou touchez « Sans "
                               "photo ».",
    "btn_progress_no_photo": "Sans photo",
    "progress_confirm": "Vérifiez avant d'enregistrer :\n<b>{reference}</b> « {title} »\n"
                        "{stage} — {percent} %\n« {note} »\n📷 {photo}\n\nLes personnes qui "
                        "suivent le projet seront prévenues.",
    "progress_confirm_fix": "Vérifiez avant de corriger :\n<b>{reference}</b> « {title} »\n"
                            "{stage} — {percent} %\n« {note} »\n📷 {photo}\n\nCette nouvelle "
                            "remplacera la précédente ; les personnes qui suivent le projet "
                            "seront prévenues de la correction.",
    "btn_progress_save": "✅ Enregistrer et prévenir",
    "btn_progress_fix": "✏️ Corriger la dernière nouvelle",
    "progress_saved": "🏗 Suivi de <b>{reference}</b> enregistré par {who} : {stage} — "
                      "{percent} %. Personnes prévenues : {count}.",
    "progress_corrected": "✏️ Dernière nouvelle de <b>{reference}</b> corrigée par {who} : "
                          "{stage} — {percent} %. Personnes prévenues : {count}.",
    "progress_cancelled": "Suivi annulé : rien n'est enregistré.",
    "progress_correction_outdated": "Une autre nouvelle a été enregistrée entre-temps : rien "
                                    "n'est corrigé. Écrivez « /suivi {reference} » pour voir "
                                    "la dernière.",
    "progress_not_your_button": "Ce bouton appartient à une saisie terminée ou à celle d'un "
                                "collègue. Écrivez /suivi RÉFÉRENCE pour commencer la vôtre.",
    "progress_news": "📣 Du nouveau pour le projet <b>{reference}</b> « {title} » :\n"
                     "{stage} — {percent} %\n« {note} »",
    "progress_news_fix": "✏️ <b>Correction</b> pour le projet <b>{reference}</b> « {title} » : "
                         "cette nouvelle remplace la précédente.\n{stage} — {percent} %\n"
                         "« {note} »",
    "progress_news_follower": "Vous suivez ce projet. Touchez « 🔕 Ne plus suivre » pour ne "
                              "plus recevoir ses nouvelles.",
    "progress_news_proposer": "Vous recevez ces nouvelles parce que vous avez proposé ce "
                              "projet. Touchez « 🔕 Ne plus suivre » pour ne plus les recevoir.",
    "btn_follow": "🔔 Suivre",
    "btn_unfollow": "🔕 Ne plus suivre",
    "follow_done": "🔔 C'est noté : je vous préviendrai de l'avancement du projet "
                   "<b>{reference}</b> « {title} ».",
    "follow_already": "🔔 Vous suivez déjà le projet <b>{reference}</b> « {title} ».",
    "unfollow_done": "🔕 C'est noté : vous ne recevrez plus de nouvelles du projet "
                     "<b>{reference}</b> « {title} ». Touchez « 🔔 Suivre » si vous changez "
                     "d'avis.",
    "unfollow_already": "Vous ne suiviez pas le projet <b>{reference}</b> « {title} ».",
    "follow_toast": "Projet suivi 🔔",
    "unfollow_toast": "Vous ne suivez plus ce projet",
    "achievements_screen": "🏗 <b>Les réalisations</b> — {name}\n{count}\n\n{blocks}\n\n"
                           "Touchez « 🔔 » pour être prévenu de l'avancement d'un projet.",
    "achievements_count_one": "{count} projet lauréat · page {page}/{pages}",
    "achievements_count_other": "{count} projets lauréats · page {page}/{pages}",
    "achievements_block": "<b>{reference}</b> {title}\n💶 {cost} · 📍 {commune}\n{state}",
    "achievements_state": "{stage} — {percent} %\n📰 {day} : « {note} »",
    "achievements_no_news": "⏳ Pas encore de nouvelles",
    "achievements_not_yet": "Les réalisations se suivront ici une fois les résultats du vote "
                            "publiés. Touchez « 🔔 Me prévenir des résultats » pour les "
                            "recevoir dès leur publication.",
    "achievements_none": "Aucun projet n'a été retenu par le vote.",
    "achievements_details": "<b>{reference}</b> {title}\n💶 {cost} · 📍 {commune}\n\n{history}",
    "achievements_history_line": "• {day} — {stage}, {percent} % : « {note} »",
    "btn_achievements": "🏗 Réalisations",
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
    "commune_choose_single": "Est-ce bien cette commune ?",
    "commune_choose_voter": "Voici les communes {in_department} qui ressemblent à « {text} ». Laquelle est la vôtre ?",
    "commune_outside_voter": "({commune} est {in_other} : pour voter, il faut habiter {in_department}.)",
    "commune_outside_voter_alone": "{commune} est {in_other}. Pour voter, il faut habiter {in_department}. Écrivez le nom de votre commune, par exemple {example}.",
    "commune_postal_page": "Le code postal {postal} regroupe {count} communes. Laquelle est la bonne ? (page {page}/{pages} ; vous pouvez aussi écrire son nom)",
    "commune_not_found": "Je ne trouve pas de commune « {text} » {in_department}. Vérifiez l'orthographe ou donnez le code postal, par exemple {example}.",
    "commune_outside": "{commune} est {in_other}, pas {in_department}. Le projet doit se situer {in_department}.",
    "commune_outside_residence": "{commune} est {in_other}. Pour proposer un projet, il faut habiter {in_department}.",
    "expected_commune": "Écrivez le nom de la commune ou son code postal, par exemple {example}.",
    "location_outside": "Cette position n'est pas {in_department}. Écrivez plutôt le nom de la commune.",
    "location_outside_voter": "Cette position n'est pas {in_department}. Pour voter, il faut habiter {in_department} : écrivez le nom de votre commune.",
    "ask_cost": "5️⃣ Quel est le <b>coût estimé</b> du projet, en euros ?\n"
                "Entre {min} et {max}. Par exemple : « 15 000 € » ou « 15k ».",
    "cost_not_understood": "Je n'ai pas compris ce montant. Écrivez un nombre en euros, "
                           "par exemple « 15 000 € », « 15k » ou « 2 500,50 ».",
    "cost_range": "Il me faut un seul montant. Si vous hésitez, donnez le plus élevé, "
                  "par exemple « {high} ».",
    "cost_before_tax": "Indiquez le coût <b>TTC</b> (toutes taxes comprises), c'est ce que paiera "
                       "le Département : par exemple « 18 000 € » pour 15 000 € HT.",
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
    "age_not_understood": "Écrivez votre âge en chiffres, par exemple « 42 », "
                          "ou votre date de naissance, par exemple « 12/03/1958 ».",
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
    "rule_question": "⚠️ Ce projet ne peut pas être retenu ainsi : {explanation}\nEn cas d'erreur, touchez l'autre réponse ; sinon /annuler.",
    "rule_age": "⚠️ Il faut avoir au moins {min_age} ans pour proposer un projet. "
                "Un adulte peut le proposer pour vous.",
    "rule_place": "⚠️ Le projet doit se situer {in_department}.",
    "rule_residence": "⚠️ Pour proposer un projet, il faut habiter {in_department}.",
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
    "status_withdrawn": "🗑 retiré par son auteur",
    "mine_empty": "Vous n'avez pas encore proposé de projet.",
    "mine_header": "📋 Vos projets ({count}) :",
    "mine_line": "<b>{reference}</b> — {title}\n{status}",
    "btn_withdraw": "🗑 Retirer {reference}",
    "withdraw_hint": "Tant qu'un projet n'est pas examiné, vous pouvez le retirer.",
    "withdraw_confirm": "Voulez-vous vraiment retirer le projet <b>{reference}</b> « {title} » ? Il ne sera pas examiné, et ce retrait est définitif.",
    "btn_withdraw_yes": "🗑 Oui, le retirer",
    "btn_withdraw_no": "Non, le garder",
    "withdraw_kept": "Le projet {reference} est gardé : il sera examiné.",
    "withdraw_done": "🗑 Le projet {reference} est retiré. Il ne sera pas examiné. Merci d'avoir participé !",
    "withdraw_too_late": "Le projet {reference} ne peut plus être retiré : l'équipe l'a déjà examiné ({status}).",
    # staff
    "alert_new": "🆕 <b>Nouvelle proposition {reference}</b> de {proposer}\n\n{details}",
    "alert_resubmitted": "🔁 <b>Proposition modifiée {reference}</b> de {proposer}\n\n"
                         "{details}",
    "alert_repost": "📌 <b>Proposition {reference}</b> de {proposer}, déposée le {day}\n\n"
                    "{details}",
    "proposer_account": "l'utilisateur {user_id}",
    "proposer_named": "{name} (utilisateur {user_id})",
    "proposer_forgotten": "une personne qui a demandé l'effacement de ses données",
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
    "confirm_refusal": "⛔ Refuser {reference} pour ce motif ?\n<i>{reason}</i>\n"
                       "La personne qui l'a proposé sera prévenue.",
    "refusal_not_yours": "Seule la personne qui a écrit ce motif peut confirmer ce refus.",
    "reopen_already": "{reference} attend déjà une décision.",
    "reopen_done_toast": "Décision rouverte.",
    "reopened_line": "🔄 Rouvert par {who} (décision précédente : {previous}). "
                     "Choisissez la nouvelle décision.",
    "correction_locked": "Le vote a commencé : le bulletin ne change plus, {reference} ne peut "
                         "donc plus être rouvert ni modifié.",
    "outcome_reopened": "🔄 L'équipe réexamine votre projet <b>{reference}</b> « {title} ». "
                        "Je vous préviendrai de sa nouvelle décision.",
    "outcome_edited": "✏️ Après étude, l'équipe a corrigé votre projet <b>{reference}</b> "
                      "« {title} » :\n{field} : {before} → <b>{after}</b>",
    "edit_hint": "Pour corriger {reference}, écrivez par exemple :\n"
                 "• /modifier {reference} cout 18000\n"
                 "• /modifier {reference} titre Abri vélo couvert\n"
                 "• /modifier {reference} commune Marciac\n"
                 "• /modifier {reference} theme Écologie",
    "edit_usage": "Pour corriger une proposition : /modifier RÉFÉRENCE CHAMP VALEUR, le champ "
                  "étant titre, cout, commune ou theme. Par exemple : "
                  "« /modifier {example} cout 18000 ».",
    "edit_done": "✅ {reference} modifié par {who} : {field} : {before} → <b>{after}</b>. "
                 "La personne qui l'a proposé est prévenue.",
    "edit_unchanged": "{reference} a déjà « {value} » comme {field} : rien n'a changé.",
    "edit_bad_title": "Le titre doit compter de 3 à {limit} caractères. Par exemple : "
                      "« /modifier {example} titre Abri vélo couvert ».",
    "edit_bad_cost": "Je ne comprends pas le montant « {text} ». Écrivez un nombre en euros, "
                     "par exemple « 18000 », « 18 000 € » ou « 18k ».",
    "edit_cost_out_of_bounds": "Le coût doit rester entre {min} et {max} (règle de la campagne) ; "
                               "vous avez écrit {cost}.",
    "edit_bad_commune": "Je ne trouve pas de commune « {text} » dans le département. Donnez son "
                        "nom ou son code postal, par exemple « Marciac » ou « 32230 ».",
    "edit_commune_choose": "Plusieurs communes correspondent à « {text} » : {names}. "
                           "Précisez, par exemple avec le code postal.",
    "edit_bad_theme": "Je ne reconnais pas le thème « {text} ». Thèmes possibles : {names}.",
    "project_unknown": "Je ne trouve pas la proposition « {text} ». Donnez sa référence, par "
                       "exemple « /projet {example} ».",
    "project_usage": "Pour retrouver une proposition : /projet suivi de sa référence, d'une "
                     "commune ou d'un mot du titre. Par exemple « /projet {example} », "
                     "« /projet Marciac » ou « /projet skatepark ».",
    "project_no_match": "Aucune proposition ne correspond à « {text} ». Essayez une référence "
                        "(« /projet {example} »), une commune ou un autre mot.",
    "project_matches_one": "🔎 {count} proposition correspond à « {text} » :",
    "project_matches_other": "🔎 {count} propositions correspondent à « {text} » :",
    "project_more": "Seules les {shown} premières sont affichées : précisez la recherche.",
    "queue_empty": "✅ Aucune proposition n'attend de décision.",
    "queue_header_one": "⏳ <b>{count} proposition attend une décision</b> (page {page}/{pages}, "
                        "les plus anciennes d'abord)",
    "queue_header_other": "⏳ <b>{count} propositions attendent une décision</b> "
                          "(page {page}/{pages}, les plus anciennes d'abord)",
    "queue_line": "{number}. <b>{reference}</b> {title} — {commune} — {cost} "
                  "(déposée le {day}) {status}",
    "queue_hint": "Touchez une référence pour afficher la proposition avec ses boutons de "
                  "décision, ou écrivez « /projet RÉFÉRENCE ».",
    "withdrawn_line": "🗑 <b>Retirée par son auteur</b> avant examen.",
    "withdrawn_notice": "🗑 La proposition {reference} a été retirée par son auteur avant examen.",
    "already_withdrawn": "Cette proposition a été retirée par son auteur.",
    "outcome_admissible": "✅ Bonne nouvelle : votre projet <b>{reference}</b> « {title} » est "
                          "recevable. Il sera soumis au vote.",
    "outcome_inadmissible": "Votre projet <b>{reference}</b> « {title} » n'a pas pu être "
                            "retenu.\nMotif : {note}\nMerci pour votre participation.",
    "outcome_changes_requested": "✏️ L'équipe demande des modifications sur votre projet "
                                 "<b>{reference}</b> « {title} » :\n<i>{note}</i>",
    "outcome_duplicate": "Votre projet <b>{reference}</b> « {title} » rejoint le projet "
                         "<b>{original}</b>, très proche. Il sera étudié avec lui.",
    "staff_help": "👥 <b>Commandes de l'équipe</b>\n• /stats : les chiffres\n"
                  "• /examen : les propositions qui attendent une décision\n"
                  "• /projet BP-2026-0042 (ou une commune, un mot) : retrouver une proposition\n"
                  "• /modifier BP-2026-0042 cout 18000 : corriger titre, cout, commune ou theme\n"
                  "• /phase NOM : changer de phase (propositions, examen, vote, résultats, "
                  "clos, auto)\n• /papier 12 15 23 : saisir un bulletin papier (quand le "
                  "bulletin a une partie « votre territoire », ajoutez la commune de l'électeur "
                  "si les projets cochés ne la disent pas : /papier commune=Auch 12 15 23)\n"
                  "• /urne NOM 12=40 15=33 : totaux d'une urne dépouillée\n"
                  "• /retirer urne NOM, /retirer papier ID : retirer une saisie erronée\n"
                  "• /resultats : projet de résultats, puis publication\n"
                  "• /suivi BP-2026-0042 : l'avancement d'un projet lauréat\n"
                  "Les décisions se prennent avec les boutons sous chaque proposition.",
    "stats_header": "📊 Phase : <b>{phase}</b>\nPropositions : <b>{total}</b>",
    "stats_line": "• {label} : {count}",
    "phase_usage": "Phase actuelle : {phase}. Écrivez /phase suivi de : propositions, examen, "
                   "vote, résultats, clos, ou auto (suivre le calendrier). Par exemple "
                   "« /phase vote ».",
    "phase_set": "Phase changée : <b>{phase}</b> (par {who}).",
    "phase_kept": "Rien n'a changé : nous restons en phase « {phase} ».",
    "stats_waiting_zero": "⏳ Aucune proposition n'attend de décision.",
    "stats_waiting_one": "⏳ {count} proposition attend une décision : /examen",
    "stats_waiting_other": "⏳ {count} propositions attendent une décision : /examen",
    "vote_open_confirm": "🗳 Ouvrir le vote maintenant ? {projects} sur le bulletin. Les "
                         "personnes inscrites seront prévenues, et le bulletin ne pourra plus "
                         "changer.",
    "ballot_projects_one": "{count} projet",
    "ballot_projects_other": "{count} projets",
    "vote_already_open": "Le vote est déjà ouvert.",
    "vote_not_ready": "⛔ Le vote ne peut pas ouvrir : {why}. Déclarez d'autres propositions "
                      "recevables (/examen), puis réessayez.",
    "vote_blocked_by_calendar": "⚠️ Le calendrier ouvre le vote, mais {why}. Je n'ai prévenu "
                                "personne, et qui veut voter est invité à revenir plus tard. "
                                "Déclarez d'autres propositions recevables (/examen) : "
                                "l'annonce partira dès que le bulletin sera complet.",
    "vote_needs": "le bulletin demande de choisir {needs}, et {have}",
    "ballot_needs_one": "{count} projet",
    "ballot_needs_other": "{count} projets",
    "admissible_count_zero": "aucune proposition n'est recevable",
    "admissible_count_one": "une seule proposition est recevable",
    "admissible_count_other": "seulement {count} propositions sont recevables",
    "cheapest_over_one": "le projet recevable le moins cher coûte déjà {amount}, plus que les "
                         "{limit} permis sur un bulletin",
    "cheapest_over_other": "les {count} projets recevables les moins chers coûtent déjà "
                           "{amount}, plus que les {limit} permis sur un bulletin",
    "vote_waiting_one": "⚠️ {count} proposition attend encore une décision : elle ne sera pas "
                        "sur le bulletin.",
    "vote_waiting_other": "⚠️ {count} propositions attendent encore une décision : elles ne "
                          "seront pas sur le bulletin.",
    # vote
    "btn_declare": "✋ Je le déclare sur l'honneur",
    "btn_share_phone": "📱 Partager mon numéro",
    "btn_resend": "🔁 Nouveau code",
    "btn_other_number": "📞 Autre numéro",
    "btn_filter_theme": "🏷 Thème",
    "btn_filter_territory": "📍 Canton",
    "btn_review": "✅ Valider mon choix",
    "btn_all": "Tous",
    "btn_back_to_ballot": "⬅️ Retour au bulletin",
    "btn_confirm_vote": "🗳 Confirmer mon vote (définitif)",
    "btn_change_vote": "✏️ Modifier mon choix",
    "vote_account_already": "🗳 Ce compte Telegram a déjà voté. Merci pour votre participation !",
    "vote_privacy": "🔒 <b>Vos données</b> : pour garantir une personne = un vote, nous gardons une "
                    "empreinte chiffrée de votre numéro de téléphone (jamais le numéro lui-même) "
                    "et votre commune. Votre bulletin est secret : il est rangé à part, sans lien "
                    "avec vous, et ne peut donc plus être effacé une fois déposé. La liste des "
                    "votants est supprimée {retention} jours après les résultats. "
                    "Questions : {contact}. Vous pouvez aussi voter sur papier en mairie.",
    "vote_declare": "Pour voter, vous devez remplir ces conditions :\n{conditions}\n\n"
                    "Le déclarez-vous sur l'honneur ?",
    "declare_residence": "habiter {in_department}",
    "declare_age": "avoir au moins {age} ans",
    "vote_ask_residence": "Dans quelle <b>commune habitez-vous</b> ? Par exemple {example}.",
    "vote_ask_phone": "📱 Quel est votre <b>numéro de portable</b> ? Je vous envoie un code par "
                      "SMS. Écrivez-le, par exemple « 06 12 34 56 78 ».",
    "vote_phone_button_hint": "Ou touchez « 📱 Partager mon numéro » en bas de l'écran.",
    "vote_contact_not_own": "Ce contact n'est pas le vôtre. Touchez « 📱 Partager mon numéro » "
                            "ou écrivez votre propre numéro, par exemple « 06 12 34 56 78 ».",
    "vote_phone_expected": "Écrivez votre numéro de portable, par exemple « 06 12 34 56 78 ».",
    "phone_unparseable": "Je ne reconnais pas ce numéro. Écrivez un numéro de portable, par "
                         "exemple « 06 12 34 56 78 » ou « +33 6 12 34 56 78 ».",
    "phone_invalid": "Ce numéro n'existe pas. Vérifiez-le, par exemple « 06 12 34 56 78 ».",
    "phone_too_short": "Ce numéro semble incomplet : un portable a 10 chiffres, par exemple « 06 12 34 56 78 ».",
    "phone_not_a_mobile": "Ce numéro est un fixe : il faut un portable pour recevoir le SMS, "
                          "par exemple « 06 12 34 56 78 ». Sans portable, vous pouvez voter sur "
                          "papier en mairie.",
    "phone_region_not_allowed": "Seuls les numéros de portable français sont acceptés, par "
                                "exemple « 06 12 34 56 78 ».",
    # Voting by plain SMS (flows/dialogues/sms): plain text, no HTML, short (160 per SMS).
    "smsv_help": "{name}. LISTE : les projets. PROJET 12 : un projet. VOTE + {count} : voter. RECU + code : vérifier un reçu. STOP : effacer vos données.",
    "smsv_count_exact": "{n} numéros",
    "smsv_count_range": "{min} à {max} numéros",
    "smsv_list_line": "{number} {title} ({commune}, {cost})",
    "smsv_list_more": "Suite : LISTE {page}",
    "smsv_list_end": "Pour voter : VOTE {example}",
    "smsv_list_empty": "Aucun projet pour « {place} ». Essayez LISTE seul, ou LISTE Auch.",
    "smsv_no_projects": "Aucun projet n'est encore sur le bulletin. Revenez un peu plus tard.",
    "smsv_project": "{number} {title} - {commune}, {cost}. {description}",
    "smsv_project_unknown": "Pas de projet n°{number} sur le bulletin. LISTE donne les numéros.",
    "smsv_project_expected": "Quel projet ? Écrivez par exemple : PROJET {example}",
    "smsv_vote_expected": "Écrivez VOTE suivi des numéros des projets choisis, par exemple : VOTE {example}",
    "smsv_understood": "Vous votez pour : {lines}.",
    "smsv_confirm": "En répondant OUI {code} vous déclarez sur l'honneur {conditions}, et vous votez. Code valable {minutes} min.",
    "smsv_confirm_plain": "Répondez OUI {code} pour confirmer. Code valable {minutes} min.",
    "smsv_conditions_joiner": " et ",
    "smsv_ask_commune": "Dans quelle commune habitez-vous ? Répondez par exemple : COMMUNE {example}",
    "smsv_commune_unknown": "Commune « {name} » introuvable {in_department}. Exemple : COMMUNE {example}",
    "smsv_commune_set": "Commune notée : {commune}.",
    "smsv_unknown_number": "le n°{number} n'est pas sur le bulletin",
    "smsv_repeated": "un même numéro est donné deux fois",
    "smsv_too_few": "il faut au moins {min}, vous en donnez {count}",
    "smsv_too_many": "il faut au plus {max}, vous en donnez {count}",
    "smsv_over_amount": "vos projets font {amount}, au-delà de {limit}",
    "smsv_section_territory": "pour votre territoire, ",
    "smsv_section_department": "pour le département, ",
    "smsv_ballot_invalid": "Vote non pris : {problem}. Exemple : VOTE {example}",
    "smsv_code_expected": "Répondez OUI suivi du code reçu, par exemple : OUI 4821",
    "smsv_no_pending": "Aucun vote en attente de confirmation. Envoyez d'abord VOTE suivi de vos numéros.",
    "smsv_code_expired": "Ce code n'est plus valable. Renvoyez VOTE suivi de vos numéros pour en recevoir un autre.",
    "smsv_code_wrong": "Code incorrect. Il vous reste {left}.",
    "smsv_code_locked": "Trop d'essais : ce code est annulé. Renvoyez VOTE suivi de vos numéros.",
    "smsv_cast": "A voté ! Votre vote est enregistré, secret. Reçu : {receipt}. Pour le vérifier : RECU {receipt}",
    "smsv_already_voted": "Ce numéro a déjà voté. Une personne, un vote : votre premier vote compte.",
    "smsv_receipt_found": "Le reçu {receipt} est bien dans l'urne.",
    "smsv_receipt_unknown": "Aucun bulletin avec le reçu {receipt}. Vérifiez les 8 caractères.",
    "smsv_receipt_expected": "Écrivez RECU suivi des 8 caractères de votre reçu, par exemple : RECU 1A2B3C4D",
    "smsv_stopped": "C'est fait : ce que nous gardions de vos messages est effacé. Un vote déjà fait reste compté, sans lien avec vous.",
    "smsv_not_understood": "Message non compris. Exemple : VOTE {example}. Envoyez AIDE pour toutes les commandes.",
    "smsv_phase_closed": "Le vote n'est pas ouvert en ce moment. {when}",
    "smsv_vote_from": "Il ouvre le {date}.",
    "smsv_internal_error": "Désolé, un problème technique nous a empêchés de lire votre message. Réessayez dans quelques minutes.",
    "smsv_vote_over": "Il est terminé.",
    "sms_text": "Budget participatif : votre code est {code}. Il est valable {minutes} minutes. "
                "Ne le donnez à personne.",
    "sms_cooldown": "⏳ Un code vient de partir. Attendez {seconds} secondes avant d'en demander "
                    "un autre.",
    "sms_hour_cap": "⏳ Trop de codes demandés pour ce numéro ou ce compte. Réessayez dans une "
                    "heure.",
    "sms_day_cap": "⏳ Trop de codes demandés aujourd'hui pour ce numéro ou ce compte. "
                   "Réessayez demain.",
    "sms_campaign_cap": "😕 L'envoi de SMS est suspendu pour aujourd'hui. Réessayez demain, "
                        "ou votez sur papier en mairie.",
    "sms_gateway_failed": "😕 Le SMS n'a pas pu partir. Ce n'est pas de votre faute : "
                          "réessayez dans quelques minutes en redonnant votre numéro.",
    "sms_typed_busy": "😕 Trop de codes ont été demandés pour des numéros tapés à la main en ce "
                      "moment. Partagez plutôt votre numéro avec le bouton ci-dessous : votre "
                      "code partira tout de suite.",
    "sms_lost": "😕 Désolé : le service a redémarré pendant l'envoi de votre code, et il n'est "
                "sans doute pas parti. Ce n'est pas de votre faute, et cela ne compte pas dans "
                "vos essais : vous pouvez en demander un nouveau tout de suite.",
    "sms_lost_next": "Touchez « Voter » pour recevoir un nouveau code.",
    "staff_chat_moved": "Ce groupe est devenu un supergroupe : Telegram lui a donné un nouvel "
                        "identifiant. Je continue ici. Mettez à jour le fichier de campagne : "
                        "<code>[staff] chat_id = {chat_id}</code>",
    "number": "n°{n}",
    "box_closed": "Les totaux d'urne se saisissent pendant le vote ou juste après, avant la "
                  "publication des résultats (phase actuelle : {phase}).",
    "staff_sms_cap": "⚠️ Plafond quotidien de SMS atteint ({cap}) : plus aucun code n'est envoyé "
                     "aujourd'hui. Vérifiez qu'il ne s'agit pas d'un abus.",
    "staff_sms_typed_day_cap": "⚠️ Codes SMS vers des numéros tapés à la main : la réserve du "
                               "jour est épuisée. C'est peut-être du pompage de SMS. Ceux qui "
                               "partagent leur propre numéro avec le bouton reçoivent toujours "
                               "leur code.",
    "staff_sms_typed_hour_cap": "⚠️ Codes SMS vers des numéros tapés à la main : trop de "
                                "demandes cette heure-ci, les suivantes attendent l'heure "
                                "prochaine. C'est peut-être du pompage de SMS. Ceux qui "
                                "partagent leur propre numéro avec le bouton reçoivent toujours "
                                "leur code.",
    "staff_sms_figures": "Aujourd'hui :\n"
                         "• SMS vers des numéros tapés : {typed} (plafonds : {typed_cap} par "
                         "jour, {hourly_cap} par heure)\n"
                         "• comptes Telegram qui les ont demandés : {accounts}\n"
                         "• demandes refusées : {refused}\n"
                         "• SMS vers des numéros partagés avec le bouton : {contact} ; encore "
                         "{reserve} possibles aujourd'hui",
    "vote_ask_code": "✉️ Un code à 6 chiffres est parti vers le {masked}. Écrivez-le ici. "
                     "Il est valable {minutes} minutes.",
    "vote_resend_retype": "Pour recevoir un nouveau code, redonnez votre numéro (ou touchez « 📱 Partager mon numéro »).",
    "vote_code_still_valid": "Le code déjà reçu reste valable : vous pouvez l'écrire ici.",
    "vote_code_expected": "Écrivez les 6 chiffres du code reçu par SMS, par exemple « 123456 ».",
    "vote_code_wrong": "❌ Ce n'est pas le bon code. Il vous reste {left}.",
    "tries_one": "{count} essai",
    "tries_other": "{count} essais",
    "vote_code_expired": "⌛ Ce code n'est plus valable. Redonnez votre numéro pour en recevoir "
                         "un nouveau.",
    "vote_code_locked": "🔒 Trop d'essais. Redonnez votre numéro pour recevoir un nouveau code.",
    "vote_number_already": "🗳 Ce numéro a déjà voté : une personne, un vote. Merci !",
    "vote_verified": "✅ Numéro vérifié. Place au vote !",
    "ballot_screen": "🗳 <b>Votre bulletin</b>\n{standing}\n{filter}\n\n{lines}\n\n"
                     "Touchez un projet pour le cocher ou le décocher, ℹ️ pour le détail.",
    "ballot_line": "{mark} <b>n°{number}</b> {title} — {commune} — {cost}",
    "ballot_empty_filter": "Aucun projet avec ce filtre.",
    "ballot_size_none": "📄 Aucun projet.",
    "ballot_size_single": "📄 1 projet.",
    "ballot_size_one_page": "📄 {count} projets, tous sur cette page.",
    "ballot_size_pages": "📄 {count} projets sur {pages} pages (◀️ ▶️ pour tourner les pages).",
    "order_random": "🔀 Les projets sont présentés dans un ordre tiré au hasard pour vous, le "
                    "même tant que dure votre démarche : aucun n'est favorisé par sa place.",
    "order_reference": "🔢 Les projets sont présentés par numéro, du premier déposé au dernier.",
    "order_theme": "🏷 Les projets sont regroupés par thème ; dans chaque thème, ils sont dans "
                   "un ordre tiré au hasard pour vous : aucun n'est favorisé par sa place.",
    "browse_screen": "🔎 <b>Les projets retenus</b>\n{count}\n{filter}\n\n{lines}\n\n"
                     "Touchez un projet pour le détail et sa photo.",
    "browse_line": "• <b>n°{number}</b> {title} — {commune} — {cost}{photo}",
    "browse_none": "Aucun projet n'est encore retenu : l'équipe examine les propositions. "
                   "Revenez un peu plus tard.",
    "btn_back_to_list": "⬅️ Retour à la liste",
    "standing_exact": "Choisissez {max} : {chosen}.",
    "standing_range": "Choisissez de {min} à {max} : {chosen}.",
    "projects_one": "{count} projet",
    "projects_other": "{count} projets",
    "chosen_one": "{count} projet choisi",
    "chosen_other": "{count} projets choisis",
    "standing_amount": "{spent} sur {limit}",
    "section_territory": "Votre canton",
    "section_department": "Tout le département",
    "filter_on": "🔎 Filtre : {filters}",
    "ballot_pick_theme": "Quel thème voulez-vous voir ?",
    "ballot_pick_territory": "Quel canton voulez-vous voir ?",
    "ballot_use_buttons": "Utilisez les boutons du bulletin.",
    "ballot_unknown": "Le projet n°{number} n'est pas sur le bulletin.",
    "ballot_repeated": "Un même projet est choisi deux fois.",
    "ballot_too_few": "Il faut choisir au moins {min} ; vous en avez choisi {count}.",
    "ballot_too_many": "Vous ne pouvez pas choisir plus de {max}. Décochez-en un d'abord.",
    "ballot_over_amount": "Ce choix dépasse le montant permis : {amount} pour {limit}.",
    "ballot_details": "<b>n°{number} {title}</b>\n{description}\n\n📍 {commune}\n💶 {cost}\n"
                      "🏷 {theme}",
    "review_line": "• n°{number} {title} ({cost})",
    "vote_review": "📋 <b>Votre vote</b>\n{lines}\n\n⚠️ Une fois confirmé, le vote est "
                   "<b>définitif</b> : il ne pourra plus être modifié.",
    "review_use_buttons": "Confirmez ou modifiez votre choix avec les boutons.",
    "vote_cast": "✅ <b>A voté !</b> Votre bulletin est dans l'urne.\n"
                 "Votre reçu : <b>{receipt}</b>\nIl prouve que votre bulletin a été compté, sans dire pour quoi vous avez "
                 "voté. Vos choix ne sont plus affichés ici : le vote est secret.",
    "ballot_closed": "🗳 Bulletin déposé. (Les choix ne sont plus affichés : le vote est secret.)",
    # privacy
    "data_header": "🔒 <b>Ce que nous gardons sur vous</b>\n{items}\n\n"
                   "/oublier efface ce qui peut l'être. Questions : {contact}",
    "data_account": "votre identifiant Telegram ({user_id}) et votre dialogue en cours",
    "data_proposal": "le projet {reference} « {title} » : nom {name}, âge {age}, commune {commune}",
    "data_subscribed": "une alerte à l'ouverture du vote",
    "data_subscribed_results": "une alerte à la publication des résultats",
    "data_following": "les nouvelles des projets que vous suivez : {references}",
    "data_challenge": "un code SMS en attente (empreinte chiffrée, effacée sous 10 minutes)",
    "data_voted": "le fait que vous avez voté (empreinte chiffrée du numéro ; votre bulletin, "
                  "lui, est secret et sans lien avec vous)",
    "data_voted_commune": "votre commune déclarée pour le vote : {commune} (pour compter la participation par commune)",
    "data_session": "votre démarche en cours",
    "data_order": "l'ordre, tiré au hasard pour vous, dans lequel les projets vous sont "
                  "présentés",
    "forget_confirm": "Voulez-vous effacer vos données ? Vos projets restent, mais sans votre "
                      "nom ni votre âge, et je ne pourrai plus vous prévenir de leur suivi.",
    "btn_forget_yes": "🗑 Oui, effacer",
    "btn_forget_no": "Non, garder",
    "forget_kept": "Rien n'a été effacé.",
    "forget_done": "🗑 C'est effacé.",
    "forget_voted": "Votre bulletin reste dans l'urne : il est anonyme, on ne peut donc pas le "
                    "retrouver pour l'effacer. L'empreinte de votre numéro reste dans la liste "
                    "des votants (pour empêcher un second vote) jusqu'à sa suppression après "
                    "les résultats.",
    "receipt_usage": "Écrivez /recu suivi de votre reçu, par exemple « /recu 3F9A21C4 ».",
    "receipt_found": "✅ Le bulletin du reçu {receipt} est bien dans l'urne.",
    "receipt_unknown": "Je ne trouve pas de bulletin avec le reçu {receipt}. Vérifiez-le.",
    # staff, vote
    "stats_sms": "✉️ SMS envoyés : {sent}, échecs : {failed}, refusés (plafond) : {capped}",
    "turnout_line": "🗳 Participation : {voters} ; {paper} ; {boxes}.",
    "turnout_voters_one": "<b>{count}</b> votant en ligne",
    "turnout_voters_other": "<b>{count}</b> votants en ligne",
    "turnout_sms_one": "{count} par SMS",
    "turnout_sms_other": "{count} par SMS",
    "turnout_paper_one": "{count} bulletin papier",
    "turnout_paper_other": "{count} bulletins papier",
    "turnout_blank_void": " (dont {blank} et {void})",
    "turnout_among": " (dont {part})",
    "turnout_blank_one": "{count} blanc",
    "turnout_blank_other": "{count} blancs",
    "turnout_void_one": "{count} nul",
    "turnout_void_other": "{count} nuls",
    "turnout_boxes_one": "{votes} dans {count} urne dépouillée",
    "turnout_boxes_other": "{votes} dans {count} urnes dépouillées",
    "turnout_no_boxes": "aucune urne dépouillée",
    "turnout_votes_one": "{count} voix",
    "turnout_votes_other": "{count} voix",
    "votes_one": "{count} voix",
    "votes_other": "{count} voix",
    "stats_turnout_canton": "📍 Votants par canton :",
    "stats_turnout_commune": "🏘 Votants par commune (20 premières) :",
    "paper_usage": "Saisie d'un bulletin papier : /papier suivi des numéros ou des références "
                   "des projets cochés, par exemple « /papier 12 15 23 » ou « /papier "
                   "BP-2026-0014 BP-2026-0015 BP-2026-0023 ». Bulletin blanc : « /papier blanc » ; "
                   "bulletin nul : « /papier nul ».",
    "paper_bad_parts": "⛔ Bulletin non enregistré : je ne lis pas {parts}. Donnez les numéros "
                       "ou les références des projets cochés, par exemple « /papier 12 15 23 » "
                       "ou « /papier BP-2026-0014 BP-2026-0015 BP-2026-0023 ».",
    "paper_invalid": "⛔ Bulletin non enregistré : {problem}",
    "paper_needs_commune": "⛔ Bulletin non enregistré : les projets cochés sont de plusieurs "
                           "territoires ({territories}), et je ne sais pas lequel est celui de "
                           "l'électeur. Ajoutez sa commune, par exemple « /papier commune=Auch "
                           "{numbers} ».",
    "paper_unknown_commune": "⛔ Bulletin non enregistré : je ne trouve pas de commune « {text} » "
                             "dans le département. Donnez son nom ou son code postal, par "
                             "exemple « /papier commune=Auch 12 15 23 ».",
    "paper_saved": "✅ Bulletin papier enregistré ({numbers}), saisi par {who}. Identifiant : "
                   "<b>{id}</b>.",
    "paper_blank_saved": "✅ Bulletin blanc enregistré, saisi par {who}. Identifiant : "
                         "<b>{id}</b>. Il compte dans la participation, pas dans les voix.",
    "paper_void_saved": "✅ Bulletin nul enregistré, saisi par {who}. Identifiant : <b>{id}</b>. "
                        "Il compte dans la participation, pas dans les voix.",
    "paper_blank_name": "bulletin blanc",
    "paper_void_name": "bulletin nul",
    "btn_withdraw_paper": "↩️ Retirer ce bulletin",
    "box_usage": "Totaux d'une urne : /urne NOM numéro=voix …, par exemple "
                 "« /urne Mairie de Mirande 12=40 15=33 » (ou avec des guillemets : "
                 "« /urne \"Mairie de Mirande\" 12=40 15=33 »). Les numéros sont ceux du "
                 "bulletin ; une référence comme BP-2026-0012=40 convient aussi. Ressaisir une "
                 "urne remplace tout son contenu.",
    "box_bad_parts_one": "⛔ Urne non enregistrée : {parts} n'est pas de la forme numéro=voix. "
                         "Rien n'a été enregistré. Exemple : « /urne Mairie de Mirande 12=40 "
                         "15=33 ».",
    "box_bad_parts_other": "⛔ Urne non enregistrée : {parts} ne sont pas de la forme "
                           "numéro=voix. Rien n'a été enregistré. Exemple : « /urne Mairie de "
                           "Mirande 12=40 15=33 ».",
    "box_unknown_projects_one": "⛔ Urne non enregistrée : le {numbers} n'est pas sur le bulletin. "
                                "Rien n'a été enregistré.",
    "box_unknown_projects_other": "⛔ Urne non enregistrée : les {numbers} ne sont pas sur le "
                                  "bulletin. Rien n'a été enregistré.",
    "withdraw_closed": "Une saisie papier se retire pendant le vote ou juste après, avant la "
                       "publication des résultats (phase actuelle : {phase}).",
    "box_saved_one": "✅ Urne « {box} » enregistrée par {who} : {count} projet, {votes} en tout.",
    "box_saved_other": "✅ Urne « {box} » enregistrée par {who} : {count} projets, {votes} en "
                       "tout.",
    "box_line": "• n°{number} : {votes}",
    "box_replaced": "Elle remplace la saisie précédente. Changements :",
    "box_change": "• n°{number} : {old} → {new}",
    "box_unchanged": "Même contenu que la saisie précédente : rien n'a changé.",
    "box_content": "🗳 Urne « {box} » : {votes} en tout.",
    "box_list": "🗳 Urnes saisies (touchez /urne NOM pour voir le détail) :",
    "btn_withdraw_box": "↩️ Retirer cette urne",
    "withdraw_usage": "Pour retirer une saisie faite par erreur : « /retirer urne Mairie de "
                      "Mirande » ou « /retirer papier P1A2B3C4 » (l'identifiant du bulletin est "
                      "dans sa confirmation).",
    "withdraw_paper_done": "↩️ Bulletin papier {id} ({what}) retiré par {who}.",
    "withdraw_paper_unknown": "Je ne trouve pas de bulletin papier {id} : il a peut-être déjà été "
                              "retiré. Vérifiez l'identifiant dans la confirmation, par exemple "
                              "« /retirer papier P1A2B3C4 ».",
    "withdraw_box_done": "↩️ Urne « {box} » retirée par {who} ({votes} en moins).",
    "withdraw_box_unknown": "Je ne trouve pas d'urne « {box} ». Touchez /urne pour voir la liste.",
    "withdraw_box_gone": "Cette saisie a déjà été retirée ou remplacée depuis : rien n'a été "
                         "retiré. Touchez /urne pour voir les urnes.",
    "vote_open_notice": "🗳 Le vote du <b>{campaign}</b> est ouvert ! Touchez /voter pour "
                        "choisir vos projets.",
    "notice_queued": "📣 Ouverture du vote annoncée. Personnes prévenues : {count}.",
    "vote_reminder": "⏰ Le vote du <b>{campaign}</b> se termine le {date}. Si ce n'est pas déjà fait, touchez /voter pour choisir vos projets.",
    "vote_reminder_unfinished": "⏰ Vous avez commencé à voter pour le <b>{campaign}</b> sans déposer votre bulletin. Le vote se termine le {date} : touchez /voter pour le terminer.",
    "reminder_queued": "⏰ Rappel de fin de vote envoyé. Personnes prévenues : {count}.",
    # results
    "results_title_draft": "📝 <b>Résultats provisoires</b> — {name}\n"
                           "<i>Brouillon pour l'équipe, pas encore publié.</i>",
    "results_title": "🏆 <b>Résultats</b> — {name}",
    "results_summary_one": "{count} projet retenu pour {spent} sur {total} (reste {left}).",
    "results_summary_other": "{count} projets retenus pour {spent} sur {total} (reste {left}).",
    "results_stage": "• {label} : {spent} dépensés sur une enveloppe de {amount}",
    "results_stage_carried": "• {label} : {spent} dépensés sur une enveloppe de {amount}, plus "
                             "{carried} reportés des étapes précédentes",
    "results_stage_only_carried": "• {label} : {spent} dépensés sur les {carried} reportés des "
                                  "étapes précédentes",
    "results_stage_charged": "• {label} : {spent} dépensés, pris sur l'enveloppe de la tranche "
                             "de coût de chaque projet",
    "results_winners": "✅ <b>Projets retenus</b>",
    "results_others": "▫️ <b>Autres projets</b>",
    "results_none": "Aucun projet n'a été soumis au vote.",
    "results_line": "<b>{reference}</b> {title} — {votes}, {cost}",
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
    "results_reason_below_min_votes": "il fallait au moins {min}",
    "results_reason_stopped": "décompte arrêté au premier projet qui ne rentrait pas",
    "results_reason_not_enough_support": "trop peu de soutiens pour le financer",
    "results_reason_not_top_of_territory": "pas en tête à {territory}",
    "results_reason_no_territory": "commune hors des territoires connus",
    "results_reason_not_in_any_stage": "hors des catégories financées",
    "results_chart_votes": "Voix",
    "results_chart_won": "Retenu",
    "results_chart_lost": "Non retenu",
    "results_chart_budget": "Budget {budget} · dépensé {spent}",
    "results_chart_draft": "BROUILLON, pas encore publié",
    "results_chart_draft_mark": "BROUILLON",
    "results_chart_more": "… et {count} autres projets",
    # publication
    "results_chart_caption_draft": "📝 Brouillon, pas encore publié — {name} : les projets par "
                                   "nombre de voix",
    "results_hidden_during_vote": "🗳 Le vote est en cours : les voix par projet restent "
                                  "cachées jusqu'à sa clôture, pour ne pas influencer les "
                                  "votants. Passez en phase « résultats » pour les voir "
                                  "(/phase results).\n{turnout}",
    "results_chart_caption": "📊 {name} : les projets par nombre de voix",
    "results_publish_prompt": "Ceci est le projet de résultats. Vérifiez-le, puis publiez-le : les habitants pourront le consulter avec /resultats et les abonnés seront prévenus.",
    "btn_publish": "📢 Publier les résultats",
    "btn_publish_confirm": "📢 Oui, publier",
    "results_publish_confirm": "📢 Publier les résultats ? C'est définitif : les habitants "
                               "pourront les voir avec /resultats et les personnes inscrites "
                               "seront prévenues.",
    "results_not_published": "Rien n'est publié.",
    "results_already_published": "Les résultats sont publiés ({when}).",
    "results_published_staff": "Résultats publiés.",
    "results_out_notice": "🏆 Les résultats du <b>{name}</b> sont publiés ! Touchez /resultats pour les voir.",
    "results_published_done": "📢 Résultats publiés par {who}. Personnes prévenues : {count}.",
    "results_not_yet": "Les résultats ne sont pas encore publiés. Touchez « 🔔 Me prévenir des résultats » pour les recevoir ici dès leur publication.",
    "btn_notify_results": "🔔 Me prévenir des résultats",
    "notify_results_added": "🔔 C'est noté : je vous préviendrai à la publication des résultats.",
    "results_publish_too_early": "On ne publie pas les résultats avant la fin du vote : passez en phase « results » (/phase results) ou attendez sa date.",
    "ballot_no_projects": "Aucun projet n'est encore sur le bulletin. Revenez un peu plus tard : l'équipe finit de le préparer.",
}
